import { BusCursorStore } from '../../ingest/runner/cursor-store.ts';
import { backfillKey, runBackfill, type BackfillProgress } from '../../ingest/runner/backfill.ts';
import { parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { loadConfig } from '../config.ts';
import { createRuntime, mentionTopics } from '../runtime.ts';

const usage = `Usage: vigie backfill --config <file> --source <name> --since <date> [--until <date>]

Reads the history of one source between --since (inclusive) and --until (exclusive, default
now) into the raw topic, page by page: hackernews, stackexchange, reddit search, bluesky
(searchPosts since/until), x (recent search start_time/end_time, last 7 days only), mastodon
(max_id paging); other kinds follow their own paging and keep what falls in the range.

Progress is saved under "backfill:<source>:<since>-<until>" after each page the broker
acknowledged: Ctrl-C stops after the page in flight, and the same command resumes where it
stopped. On a terminal a progress bar is drawn on stderr; otherwise a JSON progress line is
printed on stdout every --every (default 5s) and at the end.

  --since, --until   ISO-8601 dates or date-times, e.g. 2026-01-01 or 2026-01-01T08:00:00-05:00
  --every <seconds>  interval of the JSON progress lines (non-terminal output)

Exit code: 0 the range is complete, 1 it failed, 2 bad usage or config, 130 interrupted (resumable).`;

/** Reads a --since / --until value; a bare date is midnight UTC. */
export function parseDateFlag(v: string | undefined, name: string): number | { error: string } {
  if (v === undefined) return { error: `--${name} is required` };
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(ms)) return { error: `--${name} must be an ISO-8601 date such as 2026-01-01 or 2026-01-01T08:00:00Z, got ${JSON.stringify(v)}` };
  return ms;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** One progress-bar line: `[#####-----]  50%  1200 items  35.1/s  ETA 2m05s`. */
export function progressLine(p: BackfillProgress, width = 24): string {
  const f = p.fraction;
  const bar = f === undefined ? '' : `[${'#'.repeat(Math.round(f * width)).padEnd(width, '-')}] ${String(Math.floor(f * 100)).padStart(3)}%  `;
  const eta = p.done ? 'done' : p.etaMs !== undefined ? `ETA ${duration(p.etaMs)}` : p.reachedAt ? `at ${p.reachedAt.slice(0, 16)}` : '';
  return `${bar}${p.items} items  ${p.rate.toFixed(1)}/s  ${duration(p.elapsedMs)}  ${eta}`.trimEnd();
}

export const command: Command = {
  usage,
  async run(args) {
    const { values } = parseFlags(args, {
      config: { type: 'string', short: 'c' },
      source: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      every: { type: 'string' },
    });
    const fail = (msg: string) => {
      process.stderr.write(`vigie backfill: ${msg}\n${usage}\n`);
      return 2;
    };
    if (!values.config) return fail('--config is required');
    if (!values.source) return fail('--source is required');
    const since = parseDateFlag(values.since, 'since');
    if (typeof since !== 'number') return fail(since.error);
    const until = values.until === undefined ? Date.now() : parseDateFlag(values.until, 'until');
    if (typeof until !== 'number') return fail(until.error);
    if (since >= until) return fail(`--since (${new Date(since).toISOString()}) must be before --until (${new Date(until).toISOString()})`);
    const everyMs = values.every === undefined ? 5000 : Number(values.every) * 1000;
    if (!Number.isFinite(everyMs) || everyMs <= 0) return fail('--every must be a positive number of seconds');

    const config = await loadConfig(values.config);
    const source = config.sources.find((s) => s.name === values.source);
    if (!source) return fail(`unknown source ${JSON.stringify(values.source)}; configured: ${config.sources.map((s) => s.name).join(', ')}`);

    const rt = createRuntime(config, 'backfill');
    const t = config.kafka.topics;
    const range = { sinceMs: since, untilMs: until };
    const tty = process.stderr.isTTY === true;
    let lastLine = 0;
    let last: BackfillProgress | undefined;
    const show = (p: BackfillProgress, force = false) => {
      last = p;
      if (tty) process.stderr.write(`\r\x1b[2K${progressLine(p)}`);
      else if (force || Date.now() - lastLine >= everyMs) {
        lastLine = Date.now();
        process.stdout.write(`${JSON.stringify({ event: 'backfill.progress', ...p })}\n`);
      }
    };
    const ac = new AbortController();
    const onSigint = () => {
      if (tty) process.stderr.write('\ninterrupted: finishing the page in flight and saving progress...\n');
      ac.abort();
    };
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigint);
    let cursors: BusCursorStore | undefined;
    try {
      await rt.bus.ensureTopics(mentionTopics(config));
      cursors = await BusCursorStore.open(rt.bus, { topic: t.cursors, replicationFactor: t.replicationFactor });
      rt.logger.info({ source: source.name, key: backfillKey(source.name, range) }, 'backfill started');
      const p = await runBackfill({ source, range, bus: rt.bus, topic: t.raw, dlqTopic: t.dlq, cursors, logger: rt.logger, metrics: rt.metrics, signal: ac.signal, onProgress: (x) => show(x) });
      show(p, true);
      if (tty) process.stderr.write('\n');
      if (p.alreadyDone) process.stderr.write(`vigie backfill: ${source.name} ${new Date(since).toISOString()} → ${new Date(until).toISOString()} was already complete\n`);
      if (!p.done) {
        process.stderr.write(`vigie backfill: interrupted after ${p.items} items; run the same command again to resume\n`);
        return 130;
      }
      return 0;
    } catch (e) {
      if (tty && last) process.stderr.write('\n');
      throw e;
    } finally {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
      await cursors?.close();
      await rt.bus.close();
      await rt.es.close().catch(() => {});
    }
  },
};
