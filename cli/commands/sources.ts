import { parseDuration } from '../../core/duration.ts';
import { isVigieError, toVigieError, VigieError } from '../../core/errors.ts';
import type { RawMention } from '../../core/mention.ts';
import type { DecodedText } from '../../ingest/kit/http/decode.ts';
import { decodeBody } from '../../ingest/kit/http/decode.ts';
import { FETCH_DEFAULTS, safeFetch, type SafeResponse } from '../../ingest/kit/http/fetch.ts';
import { httpUrlSchema } from '../../ingest/rss/config.ts';
import { findFeedLinks, platformHint } from '../../ingest/rss/discover.ts';
import { readFeed, type FeedReading } from '../../ingest/rss/read-feed.ts';
import { parseFlags } from '../args.ts';
import type { Command } from '../command.ts';

const usage = `Usage: vigie sources test <url> [--json] [--allow-private] [--timeout 10s] [--max-bytes N]

Fetches <url> once with the connector's safety limits (timeout, size cap, redirect limit, no
private addresses unless --allow-private), detects what it is (RSS 0.9x/2.0, RSS 1.0/RDF, Atom,
JSON Feed), and prints a summary: kind, encoding and how it was detected, item count, the first
items, and warnings (missing dates, missing guids, skipped items).

  --json            print the mentions as NDJSON on stdout (the summary goes to stderr)
  --allow-private   allow loopback and private addresses (a feed served on this machine)
  --timeout <d>     longest time for the fetch (default 30s)
  --max-bytes <n>   largest body accepted (default ${FETCH_DEFAULTS.maxBytes})

Exit code: 0 the URL is a readable feed, 1 it is not (HTTP error, HTML page, broken feed), 2 bad usage.`;

const RULES: Record<DecodedText['detectedBy'], string> = {
  bom: 'byte-order mark',
  'http-header': 'HTTP Content-Type header',
  'xml-declaration': 'XML declaration',
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
  lines.push(`URL:       ${res.url}${res.redirects.length ? `  (after ${res.redirects.length} redirect(s) from ${res.redirects[0]})` : ''}`);
  lines.push(`Kind:      rss — ${report.version}${report.title ? ` "${report.title}"` : ''}`);
  lines.push(`Encoding:  ${decoded.encoding}${decoded.declared ? ` (declared "${decoded.declared}")` : ''}, from the ${RULES[decoded.detectedBy]}`);
  if (res.contentType) lines.push(`Type:      ${res.contentType}`);
  if (feed.lang) lines.push(`Language:  ${feed.lang} (declared by the feed)`);
  lines.push(`Items:     ${report.itemCount} in the feed, ${mentions.length} readable, ${report.skipped.length} skipped`);
  if (report.warnings.length) {
    lines.push('Warnings:');
    for (const w of report.warnings) lines.push(`  - ${w}`);
  } else lines.push('Warnings:  none');
  if (mentions.length) {
    lines.push('', `First ${Math.min(firstItems, mentions.length)} item(s):`);
    mentions.slice(0, firstItems).forEach((m: RawMention, i) => {
      lines.push(`${String(i + 1).padStart(2)}. ${m.publishedAt}  ${m.title ? excerpt(m.title, 100) : '(no title)'}`);
      const by = [m.author?.name ? `by ${m.author.name}` : undefined, m.url, m.lang ? `lang ${m.lang}` : undefined].filter(Boolean).join(' — ');
      if (by) lines.push(`    ${by}`);
      if (m.text && m.text !== m.title) lines.push(`    ${excerpt(m.text, 160)}`);
      lines.push(`    id ${m.id}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

/** Explains a response that is not a feed, with the feeds an HTML page advertises. */
function explainNotAFeed(res: SafeResponse, err: VigieError): string {
  const lines = [`${res.url}: ${err.message} (${err.code})`];
  const { text } = decodeBody(res.body, res.contentType);
  if (/<html[\s>]|<!doctype html/i.test(text.slice(0, 4096))) {
    const links = findFeedLinks(text, res.url);
    if (links.length) {
      lines.push('This page advertises these feeds:');
      for (const l of links) lines.push(`  ${l.url}  (${l.type}${l.title ? `, "${l.title}"` : ''})`);
      lines.push(`Try: vigie sources test ${links[0]!.url}`);
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
    }, true);
  } catch (e) {
    io.stderr.write(`vigie sources: ${toVigieError(e).message}\n\n${usage}\n`);
    return 2;
  }
  const [sub, url, ...extra] = flags.positionals;
  if (sub !== 'test' || !url || extra.length) {
    io.stderr.write(`${usage}\n`);
    return 2;
  }
  const valid = httpUrlSchema.safeParse(url);
  const timeoutMs = parseDuration(flags.values.timeout);
  const maxBytes = flags.values['max-bytes'] === undefined ? FETCH_DEFAULTS.maxBytes : Number(flags.values['max-bytes']);
  const bad = [
    valid.success ? undefined : `url: ${valid.error.issues[0]?.message}`,
    timeoutMs === undefined ? `--timeout: must be a duration such as "10s", got ${JSON.stringify(flags.values.timeout)}` : undefined,
    Number.isInteger(maxBytes) && maxBytes > 0 ? undefined : `--max-bytes: must be a positive integer, got ${JSON.stringify(flags.values['max-bytes'])}`,
  ].filter(Boolean);
  if (bad.length) {
    io.stderr.write(`${bad.join('\n')}\n`);
    return 2;
  }
  const out = flags.values.json ? io.stderr : io.stdout;
  const hint = platformHint(url);
  if (hint) {
    out.write(`Note: this looks like a ${hint.platform} URL; the ${hint.platform} connector is not available yet.${hint.feedUrl ? ` Its feed is readable by the rss connector: vigie sources test ${hint.feedUrl}` : ''}\n`);
  }
  let res: SafeResponse;
  try {
    res = await safeFetch(url, { timeoutMs, maxBytes, allowPrivate: flags.values['allow-private'] });
  } catch (e) {
    const err = toVigieError(e);
    io.stderr.write(`error: ${err.message} (${err.code})${err.code === 'ERR_FETCH_PRIVATE_ADDRESS' ? '' : err.retriable ? ' — may be temporary, try again later' : ''}\n`);
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
  out.write(formatSummary(res, reading));
  if (flags.values.json) for (const m of reading.mentions) io.stdout.write(`${JSON.stringify(m)}\n`);
  return 0;
}

/** `vigie sources test <url>`: try a feed before adding it to the config. */
export const command: Command = {
  name: 'sources',
  summary: 'Try a source before going live: vigie sources test <url>',
  usage,
  run: (args) => runSourcesTest(args, { stdout: process.stdout, stderr: process.stderr }),
};
