import { durationProblem, parseDuration } from '../../core/duration.ts';
import { forTerminal, forTerminalLine as t, jsonForTerminal } from '../../core/terminal.ts';
import { isVigieError, toVigieError, VigieError } from '../../core/errors.ts';
import type { RawMention } from '../../core/mention.ts';
import type { DecodedText } from '../../ingest/kit/http/decode.ts';
import { decodeBody } from '../../ingest/kit/http/decode.ts';
import { FETCH_DEFAULTS, redactUrl, safeFetch, type SafeResponse } from '../../ingest/kit/http/fetch.ts';
import { httpUrlSchema } from '../../ingest/rss/config.ts';
import { findFeedLinks, platformHint } from '../../ingest/rss/discover.ts';
import { readFeed, type FeedReading } from '../../ingest/rss/read-feed.ts';
import { createLogger } from '../../core/logger.ts';
import { mergeOwned } from '../../ingest/kit/owned/types.ts';
import { listFlag, parseFlags } from '../args.ts';
import { loadConfig } from '../config.ts';
import { checkSources, checksJson, formatChecks } from './sources-config.ts';
import type { Command } from '../command.ts';

const usage = `Usage: vigie sources test <url> [--json] [--allow-private] [--timeout 10s] [--max-bytes N]
       vigie sources test --config <file> [--source <name>[,<name>...]] [--json]

Fetches <url> once with the connector's safety limits (timeout, size cap, redirect limit, no
private addresses unless --allow-private), detects what it is (RSS 0.9x/2.0, RSS 1.0/RDF, Atom,
JSON Feed), and prints a summary: kind, encoding and why it was chosen, item count, the first
items, repairs made (mojibake, invalid bytes), items recovered from broken XML, and warnings
(missing dates, missing guids, skipped items).

  --json            print the mentions as NDJSON on stdout, and the summary as one JSON object
                    on stderr (encoding, reason, candidates, repairs, recovered and skipped items)
  --allow-private   allow loopback and private addresses (a feed served on this machine)
  --timeout <d>     longest time for the fetch (default 30s)
  --max-bytes <n>   largest body accepted (default ${FETCH_DEFAULTS.maxBytes})

With --config: one call to each enabled source of the config (or those named by --source), then
one read of each of the brand's owned accounts (watch[].owned) by the source that reads it live:
ok with the number of items and the newest date, or the error code and reason. Counts and dates
only, never post text or credentials; nothing published, no cursor saved. An owned account no
enabled source reads is reported as failed (ERR_OWNED_NOT_READ). --json: one object per line.

Exit code: 0 the URL is a readable feed (--config: everything answered), 1 it is not (HTTP error,
HTML page, broken feed; --config: a source or owned account failed), 2 bad usage or config.`;

const RULES: Record<DecodedText['detectedBy'], string> = {
  bom: 'byte-order mark',
  'http-header': 'HTTP Content-Type header',
  'xml-declaration': 'XML declaration',
  meta: 'HTML <meta> charset',
  sniffed: 'sniffing (no BOM, header or declaration)',
};

export interface SourcesTestIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

function excerpt(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

/** The human summary of a feed reading. */
export function formatSummary(res: Pick<SafeResponse, 'url' | 'redirects' | 'contentType'>, r: FeedReading, firstItems = 5): string {
  const { decoded, report, mentions, feed } = r;
  const lines: string[] = [];
  // Every value below comes from the server or the feed: each goes through forTerminalLine (t).
  lines.push(`URL:       ${t(redactUrl(res.url))}${res.redirects.length ? `  (after ${res.redirects.length} redirect(s) from ${t(redactUrl(res.redirects[0]!))})` : ''}`);
  lines.push(`Kind:      rss — ${t(report.version)}${report.title ? ` "${t(report.title)}"` : ''}`);
  lines.push(`Encoding:  ${t(decoded.encoding)}${decoded.declared ? ` (declared "${t(decoded.declared)}")` : ''}, from the ${RULES[decoded.detectedBy]}`);
  lines.push(`Why:       ${t(decoded.reason)}${decoded.candidates && decoded.candidates.length > 1 ? `; next best ${decoded.candidates.slice(1, 3).map((c) => `${t(c.encoding)} (${c.cost.toFixed(2)} vs ${decoded.candidates![0]!.cost.toFixed(2)})`).join(', ')}` : ''}`);
  const repaired = report.repairs.doubleEncoded + report.repairs.c1Controls;
  const bytes = (decoded.replaced ?? 0) + (decoded.recovered ?? 0);
  lines.push(`Repairs:   ${repaired || bytes ? [repaired ? `${repaired} field(s) of mojibake (${report.repairs.doubleEncoded} double-encoded, ${report.repairs.c1Controls} C1 controls)` : '', decoded.replaced ? `${decoded.replaced} invalid byte sequence(s) → U+FFFD` : '', decoded.recovered ? `${decoded.recovered} stray byte(s) read as Windows-1252` : ''].filter(Boolean).join('; ') : 'none'}`);
  if (res.contentType) lines.push(`Type:      ${t(res.contentType)}`);
  if (feed.lang) lines.push(`Language:  ${t(feed.lang)} (declared by the feed)`);
  lines.push(`Items:     ${report.itemCount} in the feed, ${mentions.length} readable, ${report.skipped.length} skipped, ${report.recovered.length} recovered from broken XML`);
  if (report.warnings.length) {
    lines.push('Warnings:');
    for (const w of report.warnings) lines.push(`  - ${t(w)}`);
  } else lines.push('Warnings:  none');
  if (mentions.length) {
    lines.push('', `First ${Math.min(firstItems, mentions.length)} item(s):`);
    mentions.slice(0, firstItems).forEach((m: RawMention, i) => {
      lines.push(`${String(i + 1).padStart(2)}. ${t(m.publishedAt)}  ${m.title ? t(excerpt(m.title, 100)) : '(no title)'}`);
      const by = [m.author?.name ? `by ${m.author.name}` : undefined, m.url, m.lang ? `lang ${m.lang}` : undefined].filter(Boolean).join(' — ');
      if (by) lines.push(`    ${t(by)}`);
      if (m.text && m.text !== m.title) lines.push(`    ${t(excerpt(m.text, 160))}`);
      lines.push(`    id ${t(m.id)}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

/** Single-quotes a word for a POSIX shell when it holds anything but safe URL characters. */
function shellQuote(s: string): string {
  return /^[\w@%+=:,./?-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The summary as one JSON object, for scripts (`--json`, on stderr). */
export function summaryJson(res: Pick<SafeResponse, 'url' | 'contentType'>, r: FeedReading): Record<string, unknown> {
  const { decoded, report, mentions } = r;
  return {
    url: redactUrl(res.url),
    contentType: res.contentType,
    format: report.format,
    version: report.version,
    title: report.title,
    encoding: { name: decoded.encoding, rule: decoded.detectedBy, reason: decoded.reason, declared: decoded.declared, candidates: decoded.candidates, replaced: decoded.replaced ?? 0, recovered: decoded.recovered ?? 0, warning: decoded.warning },
    items: { inFeed: report.itemCount, readable: mentions.length, skipped: report.skipped, recovered: report.recovered },
    repairs: report.repairs,
    warnings: report.warnings,
  };
}

/** Explains a response that is not a feed, with the feeds an HTML page advertises. */
function explainNotAFeed(res: SafeResponse, err: VigieError): string {
  const lines = [`${t(redactUrl(res.url))}: ${t(err.message)} (${err.code})`];
  const { text } = decodeBody(res.body, res.contentType);
  if (/<html[\s>]|<!doctype html/i.test(text.slice(0, 4096))) {
    const links = findFeedLinks(text, res.url);
    if (links.length) {
      lines.push('This page advertises these feeds:');
      for (const l of links) lines.push(`  ${t(l.url)}  (${t(l.type)}${l.title ? `, "${t(l.title)}"` : ''})`);
      // Quoted for the shell: a feed URL may hold &, ; or $ that the user would paste as is.
      lines.push(`Try: vigie sources test ${shellQuote(t(links[0]!.url))}`);
    } else lines.push('The page advertises no feed (<link rel="alternate" type="application/rss+xml">).');
  }
  return `${lines.join('\n')}\n`;
}

/** `vigie sources test`, with its output streams injectable for tests. Returns the exit code. */
export async function runSourcesTest(args: string[], io: SourcesTestIo): Promise<number> {
  let flags;
  try {
    flags = parseFlags(args, {
      json: { type: 'boolean', default: false },
      'allow-private': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '30s' },
      'max-bytes': { type: 'string' },
      config: { type: 'string', short: 'c' },
      source: { type: 'string', multiple: true },
    }, true);
  } catch (e) {
    io.stderr.write(`vigie sources: ${toVigieError(e).message}\n\n${usage}\n`);
    return 2;
  }
  const [sub, url, ...extra] = flags.positionals;
  if (sub === 'test' && flags.values.config && !url) return testConfigSources(flags.values.config, (flags.values.source ?? []).flatMap((x) => listFlag(x) ?? []), flags.values.json, io);
  if (sub !== 'test' || !url || extra.length || flags.values.config) {
    io.stderr.write(`${usage}\n`);
    return 2;
  }
  const valid = httpUrlSchema.safeParse(url);
  const timeoutProblem = durationProblem(flags.values.timeout, 100, 10 * 60_000);
  const timeoutMs = parseDuration(flags.values.timeout);
  const maxBytes = flags.values['max-bytes'] === undefined ? FETCH_DEFAULTS.maxBytes : Number(flags.values['max-bytes']);
  const bad = [
    valid.success ? undefined : `url: ${valid.error.issues[0]?.message}`,
    timeoutProblem ? `--timeout: ${timeoutProblem}` : undefined,
    Number.isInteger(maxBytes) && maxBytes > 0 ? undefined : `--max-bytes: must be a positive integer, got ${JSON.stringify(flags.values['max-bytes'])}`,
  ].filter(Boolean);
  if (bad.length) {
    io.stderr.write(`${forTerminal(bad.join('\n'))}\n`);
    return 2;
  }
  const out = flags.values.json ? io.stderr : io.stdout;
  const hint = platformHint(url);
  if (hint) {
    out.write(`Note: this looks like a ${hint.platform} URL; the ${hint.platform} connector is not available yet.${hint.feedUrl ? ` Its feed is readable by the rss connector: vigie sources test ${shellQuote(t(hint.feedUrl))}` : ''}\n`);
  }
  let res: SafeResponse;
  try {
    res = await safeFetch(url, { timeoutMs, maxBytes, allowPrivate: flags.values['allow-private'] });
  } catch (e) {
    const err = toVigieError(e);
    io.stderr.write(`error: ${t(err.message)} (${err.code})${err.code === 'ERR_FETCH_PRIVATE_ADDRESS' ? '' : err.retriable ? ' — may be temporary, try again later' : ''}\n`);
    return 1;
  }
  let reading: FeedReading;
  try {
    reading = readFeed(res, { feedUrl: url, fetchedAt: new Date().toISOString() });
  } catch (e) {
    if (isVigieError(e) && (e.code === 'ERR_FEED_NOT_A_FEED' || e.code === 'ERR_FEED_MALFORMED' || e.code === 'ERR_FEED_EMPTY')) {
      io.stderr.write(explainNotAFeed(res, e));
      return 1;
    }
    throw e;
  }
  if (flags.values.json) {
    io.stderr.write(`${jsonForTerminal(summaryJson(res, reading))}\n`);
    for (const m of reading.mentions) io.stdout.write(`${jsonForTerminal(m)}\n`);
  } else out.write(formatSummary(res, reading));
  return 0;
}

/** `vigie sources test --config`: each configured source and owned account, read once. */
async function testConfigSources(path: string, wanted: string[], json: boolean, io: SourcesTestIo): Promise<number> {
  const config = await loadConfig(path);
  const unknown = wanted.filter((w) => !config.sources.some((s) => s.name === w));
  if (unknown.length) {
    io.stderr.write(`vigie sources: unknown source(s) ${t(unknown.join(', '))}; configured: ${t(config.sources.map((s) => s.name).join(', '))}\n`);
    return 2;
  }
  const sources = config.sources.filter((s) => (wanted.length ? wanted.includes(s.name) : s.enabled));
  // With --source, only the owned accounts of the selected sources' platforms are due.
  const owned = new Map([...mergeOwned(config.watch)].filter(([platform]) => !wanted.length || sources.some((s) => s.kind === platform)));
  const checks = await checkSources({ sources, owned, logger: createLogger({ name: 'sources' }), signal: new AbortController().signal });
  io.stdout.write(json ? checksJson(checks) : formatChecks(checks));
  return checks.every((c) => c.ok) ? 0 : 1;
}

/** `vigie sources test <url>`: try a feed before adding it to the config. */
export const command: Command = {
  usage,
  run: (args) => runSourcesTest(args, { stdout: process.stdout, stderr: process.stderr }),
};
