import { createReadStream } from 'node:fs';
import { DEFAULT_MAX_LINE_BYTES, ndjsonLines } from '../../core/ndjson.ts';
import { forTerminalLine, jsonForTerminal } from '../../core/terminal.ts';
import { resolveEnvRefs, type ConfigProblem } from '../../core/config.ts';
import { systemClock } from '../../core/clock.ts';
import { VigieError } from '../../core/errors.ts';
import { createLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { parseEnrichedMention, type EnrichedMention } from '../../core/mention.ts';
import { retry } from '../../core/retry.ts';
import type { AlertsConfig } from '../../alerts/config.ts';
import type { Alert } from '../../alerts/contracts.ts';
import { episodeId } from '../../alerts/incidents.ts';
import { channelWants } from '../../alerts/channels/base.ts';
import { sendPage } from '../../alerts/fallback.ts';
import { buildChannels, channelDefs, ruleDefs } from '../../alerts/registry.ts';
import { Replay, replayLine } from '../../alerts/replay.ts';
import { ReplayTally, renderSummary } from '../../alerts/replay-summary.ts';
import { languages, type Language } from '../../alerts/render.ts';
import { elasticsearchSchema, zodProblems } from '../../core/config.ts';
import { parseDuration } from '../../core/duration.ts';
import { readHistory, type HistoryStats } from '../../index/elasticsearch/history.ts';
import { esClientFor } from './index-setup.ts';
import { kibanaLink } from '../../alerts/render.ts';
import { parseFlags } from '../args.ts';
import { configError, parseYamlTree, readConfigFile } from '../config.ts';
import { validateAlerts } from '../config-alerts.ts';
import { readWatchSection } from '../config-watch.ts';
import type { Command } from '../command.ts';

const USAGE = `Usage:
  vigie alerts run --config <file>                       run the alert stage (enriched topic -> rules -> channels)
  vigie alerts replay --config <file> (--input <mentions.ndjson> | --since <30d>) [--until <ISO time>]
                      [--lang fr|en] [--summary-only]
                                                         backtest the rules in event time, no Kafka: one JSON line per
                                                         incident event on stdout, then a summary (incidents, pages,
                                                         first mention to first page, pages per week) on stderr;
                                                         --since reads the history from the config's Elasticsearch
  vigie alerts test --config <file> --rule <name> [--channel <name>]
                                                         send a sample alert of that rule through its channels
  vigie alerts --list                                    rule and channel kinds

The config file is a Vigie config (rules and channels under \`alerts:\`) or an alerts section alone.`;

/**
 * Reads the alerts section of a config file. Replay needs no channel: they are left out before
 * env references are resolved, so a backtest needs no secrets.
 */
export async function loadAlertsConfig(path: string, opts: { channels: boolean }, env: NodeJS.ProcessEnv = process.env): Promise<AlertsConfig> {
  const tree = (parseYamlTree(await readConfigFile(path), path) ?? {}) as Record<string, unknown>;
  const problems: ConfigProblem[] = [];
  const nested = 'alerts' in tree;
  const section = { ...((nested ? tree.alerts : tree) as Record<string, unknown> | undefined) };
  if (!opts.channels) delete section.channels;
  const resolved = resolveEnvRefs(section, env, problems, nested ? ['alerts'] : []);
  // The watch entries tell scope names and organisations; validated as the full loader does.
  const watch = nested ? (readWatchSection(resolveEnvRefs(tree.watch, env, problems, ['watch']), problems) ?? []) : [];
  const es = tree.elasticsearch as { indexPrefix?: unknown } | undefined;
  const prefix = typeof es?.indexPrefix === 'string' ? es.indexPrefix : undefined;
  const cfg = validateAlerts(resolved, watch, problems, prefix, nested ? ['alerts'] : []);
  if (!cfg || problems.length) {
    throw configError(path, problems);
  }
  return cfg;
}

/** Reads enriched mentions (NDJSON); bad lines are reported on stderr with their number and skipped. */
async function readMentions(path: string): Promise<{ mentions: EnrichedMention[]; bad: number }> {
  const mentions: EnrichedMention[] = [];
  let bad = 0;
  let n = 0;
  const stream = createReadStream(path);
  const done = new Promise<void>((_, rej) => stream.once('error', (e) => rej(new VigieError('ERR_INPUT_READ', `cannot read ${path}: ${e.message}`, { cause: e }))));
  const read = (async () => {
    for await (const got of ndjsonLines(stream)) {
      n = got.n;
      if ('tooLong' in got) {
        bad += 1;
        process.stderr.write(`${path}:${n}: ERR_INPUT_LINE_TOO_LONG: line of ${got.tooLong} bytes is longer than ${DEFAULT_MAX_LINE_BYTES}: skipped\n`);
        continue;
      }
      const line = got.text;
      if (!line.trim()) continue;
      try {
        mentions.push(parseEnrichedMention(JSON.parse(line)));
      } catch (e) {
        bad += 1;
        const code = e instanceof VigieError ? e.code : 'ERR_SCHEMA_INVALID';
        process.stderr.write(`${path}:${n}: ${code}: ${forTerminalLine((e as Error).message.slice(0, 300))}\n`);
      }
    }
  })();
  await Promise.race([read, done]);
  return { mentions, bad };
}

/**
 * The `elasticsearch` section of a config file alone (env references resolved there only), so a
 * backtest from Elasticsearch needs neither channel secrets nor sources.
 */
async function loadEsSection(path: string, env: NodeJS.ProcessEnv = process.env) {
  const tree = (parseYamlTree(await readConfigFile(path), path) ?? {}) as Record<string, unknown>;
  const problems: ConfigProblem[] = [];
  const resolved = resolveEnvRefs(tree.elasticsearch ?? {}, env, problems, ['elasticsearch']);
  const r = elasticsearchSchema.safeParse(resolved);
  if (!r.success) problems.push(...zodProblems(r.error.issues, ['elasticsearch'], resolved));
  if (!r.success || problems.length) throw configError(path, problems);
  return r.data;
}

async function replay(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    config: { type: 'string', short: 'c' },
    input: { type: 'string', short: 'i' },
    since: { type: 'string' },
    until: { type: 'string' },
    lang: { type: 'string' },
    'summary-only': { type: 'boolean' },
  });
  if (!values.config || (!values.input && !values.since) || (values.input && values.since)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const until = values.until === undefined ? undefined : Date.parse(values.until);
  if (until !== undefined && Number.isNaN(until)) throw new VigieError('ERR_USAGE', `--until must be an ISO-8601 time, got "${values.until}"`);
  const sinceMs = values.since === undefined ? undefined : parseDuration(values.since);
  if (values.since !== undefined && (sinceMs === undefined || sinceMs <= 0)) throw new VigieError('ERR_USAGE', `--since must be a duration such as "30d" or "12h", got "${values.since}"`);
  const lang = (values.lang ?? 'en') as Language;
  if (!languages.includes(lang)) throw new VigieError('ERR_USAGE', `--lang must be one of ${languages.join(', ')}, got "${values.lang}"`);
  const cfg = await loadAlertsConfig(values.config, { channels: false });
  const tally = new ReplayTally(cfg);
  let events = 0;
  const summaryOnly = values['summary-only'] ?? false;
  const r = new Replay(cfg, { logger: createLogger({ name: 'alerts-replay' }), metrics: new Metrics() }, (a) => {
    events += 1;
    tally.add(a);
    if (!summaryOnly) process.stdout.write(`${jsonForTerminal(replayLine(a))}\n`);
  });
  let range: { from: number; to: number } | undefined;
  let read: string;
  if (values.input) {
    const { mentions, bad } = await readMentions(values.input);
    mentions.sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt));
    for (const m of mentions) {
      tally.observe(m);
      r.push(m);
    }
    read = `replayed ${mentions.length} mentions (${bad} invalid lines skipped)`;
  } else {
    const es = await loadEsSection(values.config);
    const to = until ?? Date.now();
    range = { from: to - sinceMs!, to };
    const client = esClientFor(es);
    const stats: HistoryStats = { read: 0, invalid: 0, reasons: [] };
    try {
      for await (const page of readHistory(client, es.indexPrefix, range.from, range.to, stats)) {
        for (const m of page) {
          tally.observe(m);
          r.push(m);
        }
      }
    } finally {
      await client.close();
    }
    for (const reason of stats.reasons) process.stderr.write(`${es.indexPrefix}-mentions: skipped ${reason}\n`);
    read = `replayed ${stats.read - stats.invalid} mentions from ${es.indexPrefix}-mentions at ${es.node} (${stats.invalid} invalid documents skipped)`;
  }
  r.finish(until ?? range?.to);
  process.stderr.write(`${read}, ${cfg.rules.length} rules, ${events} alert events\n`);
  const summary = renderSummary(tally.summary(range), cfg.timeZone, lang);
  // The summary is for a person: stdout when events are left out, else stderr (stdout stays NDJSON).
  (summaryOnly ? process.stdout : process.stderr).write(`\n${summary}\n`);
  return 0;
}

/** A plausible alert for a rule, marked as a test, for checking channels end to end. */
export function sampleAlertFor(cfg: AlertsConfig, ruleName: string, now: number): Alert {
  const rule = cfg.rules.find((r) => r.name === ruleName);
  if (!rule) throw new VigieError('ERR_USAGE', `no rule named "${ruleName}" (rules: ${cfg.rules.map((r) => r.name).join(', ') || 'none'})`);
  const scope = rule.scope?.names?.[0] ? `entry:${rule.scope.names[0]}` : 'all';
  const opened = new Date(now).toISOString();
  const from = new Date(now - 15 * 60_000).toISOString();
  const id = episodeId(rule.name, scope, now);
  return {
    id: `${id}:0`, incidentId: id, episodeId: id, seq: 0, type: 'opened', rule: rule.name, kind: rule.kind, scope, severity: 'warning', value: 120, rules: [],
    openedAt: opened, eventTime: opened, createdAt: opened, test: true, timeZone: cfg.timeZone,
    reason: { en: `Test alert for rule ${rule.name} (${rule.kind}): 120 mentions in 15 min (baseline 20)`, fr: `Alerte de test pour la règle ${rule.name} (${rule.kind}) : 120 mentions en 15 min (référence 20)` },
    evidence: {
      count: 120, baseline: 20, window: { from, to: opened }, metrics: { ratio: 6 },
      samples: [{ id: 'test:1', url: 'https://example.org/vigie-test', text: 'Exemple de mention — sample mention <b>escaped</b> & safe', author: '@vigie', source: 'test', publishedAt: opened, influence: 50 }],
      topAuthors: [{ author: '@vigie', count: 3 }],
      topTerms: [{ term: '#vigie', count: 5 }],
    },
    kibanaUrl: cfg.kibanaUrl ? kibanaLink(cfg.kibanaUrl, '', from, opened, cfg.kibanaDataView) : undefined,
  };
}

/** `vigie alerts test`: a sample alert of one rule through its channels (also used by `vigie init --test-channel`). */
export async function sendTestAlerts(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { config: { type: 'string', short: 'c' }, rule: { type: 'string' }, channel: { type: 'string' } });
  if (!values.config || !values.rule) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const cfg = await loadAlertsConfig(values.config, { channels: true });
  const alert = sampleAlertFor(cfg, values.rule, Date.now());
  const logger = createLogger({ name: 'alerts-test' });
  const channels = buildChannels(cfg.channels, { logger, clock: systemClock, metrics: new Metrics() }).filter((c) => (values.channel ? c.name === values.channel : channelWants(c.config, alert)));
  if (channels.length === 0) {
    process.stderr.write(`no channel receives rule "${values.rule}"${values.channel ? ` (channel "${values.channel}")` : ''}\n`);
    return 1;
  }
  let failed = 0;
  for (const c of channels) {
    try {
      // Same path as the worker: a page the receiver refuses (400/413/552) goes out once more minimal.
      const page: { refusedWith?: number } = {};
      const sent = await retry(() => sendPage(c.channel, alert, AbortSignal.timeout(60_000), page, () => undefined), { retries: 2, baseMs: 500 });
      const minimal = sent.rendering === 'minimal' ? { minimal: true, refusedWith: sent.refusedWith } : {};
      process.stdout.write(`${JSON.stringify({ channel: c.name, kind: c.kind, ok: true, alertId: alert.id, ...minimal })}\n`);
    } catch (e) {
      failed += 1;
      const err = e as VigieError;
      process.stdout.write(`${JSON.stringify({ channel: c.name, kind: c.kind, ok: false, code: err.code, error: err.message })}\n`);
    }
  }
  return failed ? 1 : 0;
}

async function runWorker(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { config: { type: 'string', short: 'c' } });
  if (!values.config) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { runStagesUntilSignal } = await import('../stages.ts');
  return runStagesUntilSignal(values.config, ['alerts'], 'alerts');
}

export const command: Command = {
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--list') {
      for (const d of ruleDefs) process.stdout.write(`rule     ${d.kind.padEnd(22)} ${d.summary}\n`);
      for (const d of channelDefs) process.stdout.write(`channel  ${d.kind.padEnd(22)} ${d.summary}\n`);
      return 0;
    }
    if (sub === 'replay') return replay(rest);
    if (sub === 'test') return sendTestAlerts(rest);
    if (sub === 'run') return runWorker(rest);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  },
};
