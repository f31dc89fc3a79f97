/**
 * How many of feedparser's documented expectations Vigie meets: each test feed of feedparser
 * 6.0.11's suite (pinned sdist, downloaded into the cache) is served over HTTP on loopback with
 * the headers it declares, read by `vigie sources test --json`, and its `Expect:` line judged
 * against what Vigie kept (rules in `feedparser/expectations.ts`, printed below).
 *
 *   npx tsx bench/feedparser-suite.ts [--failures] [--only wellformed/rss]
 */
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { runSourcesTest } from '../cli/commands/sources.ts';
import type { RawMention } from '../core/mention.ts';
import { startFeedServer } from '../ingest/kit/testing/feed-server.ts';
import { judge, type Verdict, type VigieReading } from './feedparser/expectations.ts';
import { parsePython } from './feedparser/python-expr.ts';
import { FEEDPARSER_SDIST, feedparserTests, readSuite, type SuiteCase } from './feedparser/suite.ts';
import { runBench } from './lib/run.ts';

const { values } = parseArgs({ options: { failures: { type: 'boolean', default: false }, only: { type: 'string' } } });

function sink() {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** The response feedparser's test server gives: declared headers, else application/xml. */
function route(c: SuiteCase) {
  const headers: Record<string, string> = {};
  let status = 200;
  for (const [k, v] of Object.entries(c.headers)) {
    if (k.toLowerCase() === 'status') status = Number(v);
    else headers[k.toLowerCase()] = v;
  }
  headers['content-type'] ??= 'application/xml';
  return { status, headers, body: c.body };
}

async function read(url: string): Promise<VigieReading> {
  const out = sink();
  const err = sink();
  const code = await runSourcesTest(['test', url, '--allow-private', '--json', '--timeout', '10s'], { stdout: out.stream, stderr: err.stream });
  if (code !== 0) return { mentions: [] };
  const summary = JSON.parse(err.text().trim().split('\n').at(-1)!) as { title?: string; encoding: { name: string } };
  const mentions = out.text().split('\n').filter(Boolean).map((l) => JSON.parse(l) as RawMention);
  return { title: summary.title, encoding: summary.encoding.name, mentions };
}

async function main(): Promise<Record<string, unknown>> {
  const started = Date.now();
  const dir = await feedparserTests();
  const { cases, unreadable } = await readSuite(dir);
  const selected = cases.filter((c) => !values.only || c.path.startsWith(values.only));
  const srv = await startFeedServer(Object.fromEntries(selected.map((c) => [`/tests/${c.path}`, route(c)])));
  const host = srv.base.replace(/^http:\/\//, '');
  const literal = (s: string) => s.replaceAll('127.0.0.1:8097', host);
  const byFolder = new Map<string, Record<Verdict, number>>();
  const failures: string[] = [];
  let lost = 0;
  let emptyItems = 0;
  let unparsed = 0;
  try {
    for (const c of selected) {
      const folder = c.path.split('/').slice(0, -1).join('/') || '.';
      const tally = byFolder.get(folder) ?? { met: 0, 'not met': 0, 'not applicable': 0 };
      byFolder.set(folder, tally);
      let expr;
      try {
        expr = parsePython(c.expect);
      } catch {
        unparsed++;
        tally['not applicable']++;
        continue;
      }
      const reading = await read(srv.url(`/tests/${c.path}`));
      if (reading.title === undefined && reading.encoding === undefined) lost++;
      const verdict = judge(expr, reading, literal);
      tally[verdict]++;
      // Vigie makes no mention of an item with no title, link, id or text (only a date, an author...).
      if (verdict === 'not met' && reading.mentions.length === 0 && /entries\[/.test(c.expect) && reading.encoding !== undefined) emptyItems++;
      if (verdict === 'not met') failures.push(`${c.path}: ${c.expect.slice(0, 160)}\n    vigie: title=${JSON.stringify(reading.mentions[0]?.title ?? reading.title)} text=${JSON.stringify(reading.mentions[0]?.text.slice(0, 100))} enc=${reading.encoding} items=${reading.mentions.length}`);
    }
  } finally {
    await srv.close();
  }
  const total = { met: 0, 'not met': 0, 'not applicable': 0 };
  console.log(`feedparser ${FEEDPARSER_SDIST.version} test suite (sdist SHA-256 ${FEEDPARSER_SDIST.sha256.slice(0, 12)}…), read by vigie sources test over HTTP on loopback`);
  console.log('\nfolder                         applicable    met      %   not applicable');
  for (const [folder, t] of [...byFolder].sort()) {
    for (const k of Object.keys(total) as Verdict[]) total[k] += t[k];
    const applicable = t.met + t['not met'];
    console.log(`${folder.padEnd(30)} ${String(applicable).padStart(10)} ${String(t.met).padStart(6)} ${applicable ? ((100 * t.met) / applicable).toFixed(1).padStart(6) : '     -'} ${String(t['not applicable']).padStart(16)}`);
  }
  const applicable = total.met + total['not met'];
  const pct = applicable ? (100 * total.met) / applicable : 0;
  console.log(`${'all'.padEnd(30)} ${String(applicable).padStart(10)} ${String(total.met).padStart(6)} ${pct.toFixed(1).padStart(6)} ${String(total['not applicable']).padStart(16)}`);
  console.log(`\ntest feeds: ${selected.length} (${unreadable.length} without an Expect line skipped, ${unparsed} expressions not understood, counted not applicable); feeds Vigie could not read: ${lost}`);
  console.log(`not met in feeds read whole but with no item kept (an item with no title, link, id or text gives no mention, on purpose): ${emptyItems}`);
  console.log(`rules: bozo conjuncts dropped (Vigie has no bozo flag); applicable = reads only fields Vigie keeps (feed title; item title, link, text, date, author, language; encoding; len(entries));`);
  console.log('       texts equal as text (HTML expected values also compared by their text), links as URLs, encodings by WHATWG name.');
  if (values.failures) console.log(`\nnot met (${failures.length}):\n${failures.join('\n')}`);
  return { version: FEEDPARSER_SDIST.version, feeds: selected.length, applicable, met: total.met, percent: Number(pct.toFixed(1)), notApplicable: total['not applicable'], lost, notMetNoItemKept: emptyItems, seconds: (Date.now() - started) / 1000 };
}

await runBench('feedparser', main);
