import type { Client } from '@elastic/elasticsearch';
import { parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { loadConfig } from '../config.ts';
import { parseDuration } from '../../core/duration.ts';
import { VigieError } from '../../core/errors.ts';
import type { ElasticsearchConfig } from '../../core/config.ts';
import { createEsClient } from '../../index/elasticsearch/client.ts';
import { pruneIndices, setupIndices } from '../../index/elasticsearch/setup.ts';

/** Where to find Elasticsearch: `--es <url>` (security off / dev) or the config file's `elasticsearch` section. */
export interface EsTarget {
  client: Client;
  prefix: string;
  retentionMs: number | undefined;
}

/** A client for the config's `elasticsearch` section (secrets already resolved). */
export function esClientFor(e: ElasticsearchConfig, node?: string): Client {
  return createEsClient({
    node: node ?? e.node,
    auth: e.apiKey ? { apiKey: e.apiKey } : e.username && e.password ? { username: e.username, password: e.password } : undefined,
    tls: e.caFingerprint ? { caFingerprint: e.caFingerprint } : undefined,
  });
}

/** Resolves `--es`/`--config`/`--prefix` into a client. Accepts `{ esUrl }` for callers that have no config. */
export async function esTarget(opts: { esUrl?: string; config?: string; prefix?: string }): Promise<EsTarget> {
  if (opts.config) {
    const cfg = await loadConfig(opts.config);
    const e = cfg.elasticsearch;
    return {
      client: esClientFor(e, opts.esUrl),
      prefix: opts.prefix ?? e.indexPrefix,
      retentionMs: (cfg as { index?: { retention?: number } }).index?.retention,
    };
  }
  if (!opts.esUrl) throw new VigieError('ERR_USAGE', 'give --config <file> or --es <url>');
  return { client: createEsClient({ node: opts.esUrl }), prefix: opts.prefix ?? 'vigie', retentionMs: undefined };
}

function durationFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const ms = parseDuration(v);
  if (ms === undefined) throw new VigieError('ERR_USAGE', `--${name} must be a duration such as "400d", got ${JSON.stringify(v)}`);
  return ms;
}

export const command: Command = {
  usage: `Usage:
  vigie index setup (--config <file> | --es <url>) [--prefix vigie] [--retention 400d] [--json]
  vigie index prune (--config <file> | --es <url>) [--prefix vigie] [--older-than 400d] [--dry-run] [--json]

setup is idempotent: a second run changes nothing and reports every step "unchanged". It says
whether retention is handled by ILM (full distribution) or by \`vigie index prune\` (core-only).`,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub !== 'setup' && sub !== 'prune') {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    const { values } = parseFlags(rest, {
      config: { type: 'string', short: 'c' },
      es: { type: 'string' },
      prefix: { type: 'string' },
      retention: { type: 'string' },
      'older-than': { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const t = await esTarget({ esUrl: values.es, config: values.config, prefix: values.prefix });
    try {
      if (sub === 'setup') {
        const report = await setupIndices(t.client, { prefix: t.prefix, retentionMs: durationFlag('retention', values.retention) ?? t.retentionMs });
        if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
        else {
          for (const s of report.steps) process.stdout.write(`${s.kind} ${s.name}: ${s.action}${s.reason ? ` (${s.reason})` : ''}\n`);
          process.stdout.write(`analysis: ${report.analysis}\n`);
          const r = report.retention;
          process.stdout.write(`retention: ${r.mode === 'ilm' ? `ILM policy ${r.policy}, monthly indices deleted ${r.deleteAfterDays} days after creation` : r.mode === 'prune' ? `${r.olderThanDays} days — ${r.how}` : 'none (keep everything)'}\n`);
          process.stdout.write(report.changed ? 'changed\n' : 'unchanged\n');
        }
        return 0;
      }
      const olderThanMs = durationFlag('older-than', values['older-than']) ?? t.retentionMs;
      if (olderThanMs === undefined) throw new VigieError('ERR_USAGE', 'prune needs --older-than <duration> or index.retention in the config');
      const r = await pruneIndices(t.client, { prefix: t.prefix, olderThanMs, dryRun: values['dry-run'] ?? false });
      if (values.json) process.stdout.write(`${JSON.stringify({ ...r, dryRun: values['dry-run'] ?? false })}\n`);
      else process.stdout.write(`${values['dry-run'] ? 'would delete' : 'deleted'} ${r.deleted.length} monthly ind${r.deleted.length === 1 ? 'ex' : 'ices'}${r.deleted.length ? `: ${r.deleted.join(', ')}` : ''}; kept ${r.kept.length}\n`);
      return 0;
    } finally {
      await t.client.close();
    }
  },
};
