/**
 * Feed decoding: accuracy on the encoding corpus and on a held-out corpus (texts never used
 * while tuning, another seed), and the cost of detection (feeds per second, memory).
 *
 *   npx tsx bench/feeds.ts [--seed 2027] [--big-mb 1]
 *   BENCH_DETECTORS=/path/to/node_modules npx tsx bench/feeds.ts   # also scores jschardet / chardet
 *
 * Prints, per corpus: feeds, items, items whose title and text equal the source text, feeds
 * lost, fields repaired, wrong repairs (a repaired field that is not the source text, or any
 * repair in a feed that had nothing to repair), mojibake left, and the detector's accuracy on
 * the undeclared and mis-declared feeds.
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { HELD_OUT_LOOKALIKES, HELD_OUT_TEXTS } from './feeds/held-out-texts.ts';
import { runBench } from './lib/run.ts';
import { generateShortFeeds, scoreShortFeeds } from './feeds/short-texts.ts';
import { decodeBody, normalizeEncoding } from '../ingest/kit/http/decode.ts';
import { decodeAs } from '../ingest/kit/http/encoding-labels.ts';
import { readFeed } from '../ingest/rss/read-feed.ts';
import { CORPUS_SEED, generateCorpus, type CorpusFeed } from '../test/fixtures/feeds/encodings/generate.ts';
import { LEGIT_LOOKALIKES, TEXTS } from '../test/fixtures/feeds/encodings/texts.ts';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '2027' }, 'big-mb': { type: 'string', default: '1' } } });

/** Mojibake markers: what a wrong decoding leaves (C1 controls, Ã/Â/â€ pairs, U+FFFD where none belonged). */
const MOJIBAKE = /[\u0080-\u009F]|Ã[\u0080-\u00BF©®«»€¡-¿]|â€|Ð[\u0080-\u00BF]|Ñ[\u0080-\u00BF]|ï¿½/;

interface Score {
  corpus: string;
  feeds: number;
  items: number;
  equal: number;
  lost: number;
  repaired: number;
  wrongRepairs: number;
  mojibake: number;
  detection: { feeds: number; right: number };
  wrong: string[];
}

/** Same text whichever of two encodings reads the bytes (windows-1252 for an ISO-8859-15 text without €). */
function readsSame(body: Buffer, a: string, b: string): boolean {
  return a === b || decodeAs(body, a) === decodeAs(body, b);
}

function score(corpus: string, feeds: CorpusFeed[]): Score {
  const s: Score = { corpus, feeds: feeds.length, items: 0, equal: 0, lost: 0, repaired: 0, wrongRepairs: 0, mojibake: 0, detection: { feeds: 0, right: 0 }, wrong: [] };
  for (const f of feeds) {
    let r;
    try {
      r = readFeed({ body: f.body, contentType: f.contentType }, { feedUrl: `https://corpus.example/${f.name}`, fetchedAt: '2026-12-01T00:00:00.000Z' });
    } catch (e) {
      s.lost++;
      s.wrong.push(`${f.name}: lost (${(e as Error).message})`);
      continue;
    }
    const repairs = r.report.repairs.doubleEncoded + r.report.repairs.c1Controls;
    s.repaired += repairs;
    const shouldRepair = f.variant.startsWith('double-encoded') || f.variant === 'c1-controls';
    if (!shouldRepair) s.wrongRepairs += repairs;
    f.expected.forEach((e, i) => {
      s.items++;
      const m = r.mentions[i];
      if (m?.title === e.title && m.text === e.text) s.equal++;
      else {
        if (shouldRepair) s.wrongRepairs++;
        if (MOJIBAKE.test(`${m?.title ?? ''} ${m?.text ?? ''}`)) s.mojibake++;
        s.wrong.push(`${f.name}#${i}: ${m?.title ?? '(missing)'} | ${(m?.text ?? '').slice(0, 80)}`);
      }
    });
    if (f.encoding !== 'utf-8' && /^(undeclared|misdeclared|unusable)/.test(f.variant)) {
      s.detection.feeds++;
      if (readsSame(f.body, r.decoded.encoding, normalizeEncoding(f.encoding)!)) s.detection.right++;
    }
  }
  return s;
}

/** Decoding throughput on the corpus feeds (as served), and on one large undeclared legacy feed. */
function speed(feeds: CorpusFeed[], bigBytes: number): Record<string, number> {
  const hard = feeds.filter((f) => f.encoding !== 'utf-8' && /^(undeclared|misdeclared|unusable)/.test(f.variant));
  const run = (list: CorpusFeed[], rounds: number) => {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < rounds; k++) for (const f of list) decodeBody(f.body, f.contentType);
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  run(feeds, 1);
  const allSec = run(feeds, 5);
  const hardSec = run(hard, 5);
  // A large feed (1 MB by default) with no declaration, in KOI8-R: the worst case (no label, a legacy encoding, every candidate scored).
  const big = feeds.find((f) => f.name.startsWith('ru-koi8-r-undeclared'))!;
  const items = big.body.toString('latin1');
  const open = items.search(/<(item|entry)[\s>]/);
  const close = Math.max(items.lastIndexOf('</item>') + 7, items.lastIndexOf('</entry>') + 8);
  const unit = Buffer.from(items.slice(open, close), 'latin1');
  const bigBody = Buffer.concat([Buffer.from(items.slice(0, open), 'latin1'), ...Array(Math.ceil(bigBytes / unit.length)).fill(unit), Buffer.from(items.slice(close), 'latin1')]);
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = 0;
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < 5; k++) {
    const d = decodeBody(bigBody, 'application/xml');
    if (d.encoding !== 'koi8-r') throw new Error(`1 MB feed read as ${d.encoding}`);
    peak = Math.max(peak, process.memoryUsage().heapUsed - heap0);
  }
  const bigSec = Number(process.hrtime.bigint() - t0) / 1e9 / 5;
  return {
    corpusFeedsPerSec: Math.round((feeds.length * 5) / allSec),
    detectedFeedsPerSec: Math.round((hard.length * 5) / hardSec),
    avgFeedBytes: Math.round(feeds.reduce((n, f) => n + f.body.length, 0) / feeds.length),
    bigFeedMB: +(bigBody.length / 1e6).toFixed(2),
    bigFeedMs: +(bigSec * 1000).toFixed(1),
    bigFeedHeapMB: +(peak / 1e6).toFixed(1),
  };
}

/** jschardet / chardet, when BENCH_DETECTORS points at a node_modules holding them: same feeds, same question. */
function others(feeds: CorpusFeed[]): Record<string, { right: number; feeds: number; msPerFeed: number }> | undefined {
  const dir = process.env.BENCH_DETECTORS;
  if (!dir) return undefined;
  const req = createRequire(`${dir.replace(/\/$/, '')}/`);
  const out: Record<string, { right: number; feeds: number; msPerFeed: number }> = {};
  const hard = feeds.filter((f) => f.encoding !== 'utf-8' && /^(undeclared|misdeclared|unusable)/.test(f.variant));
  const detectors: Record<string, (b: Buffer) => string | null | undefined> = {};
  try {
    const j = req('jschardet') as { detect: (b: Buffer) => { encoding: string | null } };
    detectors.jschardet = (b) => j.detect(b).encoding;
  } catch { /* not installed */ }
  try {
    const c = req('chardet') as { detect: (b: Buffer) => string | null };
    detectors.chardet = (b) => c.detect(b);
  } catch { /* not installed */ }
  const alias: Record<string, string> = { cp932: 'shift_jis', cp949: 'euc-kr', cp874: 'windows-874', 'tis-620': 'windows-874', 'iso8859-15': 'iso-8859-15', macroman: 'macintosh', 'x-mac-roman': 'macintosh', gb2312: 'gbk', 'euc-tw': 'big5', 'iso-8859-8': 'iso-8859-8' };
  for (const [name, detect] of Object.entries(detectors)) {
    let right = 0;
    const t0 = process.hrtime.bigint();
    for (const f of hard) {
      const label = (detect(f.body) ?? '').toLowerCase();
      const enc = normalizeEncoding(alias[label] ?? label);
      // A detector sees the bytes only: it is scored on them, as Vigie's detector is when labels are wrong.
      if (enc && readsSame(f.body, enc, normalizeEncoding(f.encoding)!)) right++;
    }
    out[name] = { right, feeds: hard.length, msPerFeed: +(Number(process.hrtime.bigint() - t0) / 1e6 / hard.length).toFixed(2) };
  }
  return out;
}

await runBench('feeds', async () => {
  const tuning = generateCorpus({ texts: TEXTS, lookalikes: LEGIT_LOOKALIKES, seed: CORPUS_SEED });
  const heldOut = generateCorpus({ texts: HELD_OUT_TEXTS, lookalikes: HELD_OUT_LOOKALIKES, seed: Number(values.seed) });
  const scores = [score(`corpus (seed ${CORPUS_SEED})`, tuning), score(`held-out (seed ${values.seed})`, heldOut)];
  // Short undeclared titles (1-4 words, no charset, no <language>): the detector's hardest case.
  const short = [
    { corpus: `short texts, corpus texts (seed ${CORPUS_SEED})`, ...scoreShortFeeds(generateShortFeeds(TEXTS, CORPUS_SEED, 20)) },
    { corpus: `short texts, held-out texts (seed ${values.seed})`, ...scoreShortFeeds(generateShortFeeds(HELD_OUT_TEXTS, Number(values.seed), 20)) },
  ];
  const perf = speed(tuning, Number(values['big-mb']) * 1e6);
  const compare = others([...tuning, ...heldOut]);
  for (const s of scores) {
    console.log(`${s.corpus}: ${s.feeds} feeds, ${s.items} items, ${s.equal} equal to the source text (${((100 * s.equal) / s.items).toFixed(1)}%), ${s.lost} feeds lost`);
    console.log(`  repairs: ${s.repaired} fields repaired, ${s.wrongRepairs} wrong; mojibake left in ${s.mojibake} items; detection right on ${s.detection.right}/${s.detection.feeds} undeclared or mis-declared legacy feeds`);
    for (const w of s.wrong.slice(0, 10)) console.log(`  ✗ ${w}`);
  }
  for (const s of short) {
    const western = Object.entries(s.byLang).filter(([l]) => ['fr', 'es', 'de', 'pt', 'it'].includes(l)).reduce((a, [, [r, n]]) => [a[0]! + r, a[1]! + n], [0, 0]);
    console.log(`${s.corpus}: ${s.right}/${s.feeds} read right (${((100 * s.right) / s.feeds).toFixed(1)}%; French, Spanish, German, Portuguese, Italian ${western[0]}/${western[1]}); by language ${Object.entries(s.byLang).map(([l, [r, n]]) => `${l} ${r}/${n}`).join(', ')}`);
  }
  console.log(`speed: ${perf.corpusFeedsPerSec} feeds/s over the corpus (avg ${perf.avgFeedBytes} B), ${perf.detectedFeedsPerSec} feeds/s when the detector runs; ${perf.bigFeedMB} MB undeclared KOI8-R feed: ${perf.bigFeedMs} ms, heap +${perf.bigFeedHeapMB} MB`);
  if (compare) for (const [name, c] of Object.entries(compare)) console.log(`${name}: right on ${c.right}/${c.feeds} undeclared or mis-declared legacy feeds (bytes only), ${c.msPerFeed} ms/feed`);
  return { scores: scores.map(({ wrong, ...rest }) => ({ ...rest, wrong: wrong.slice(0, 20) })), short: short.map(({ wrong, ...rest }) => ({ ...rest, wrong: wrong.slice(0, 10) })), speed: perf, ...(compare ? { others: compare } : {}) };
});
