import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSourcesTest } from '../../cli/commands/sources.ts';
import { normalizeEncoding } from '../../ingest/kit/http/decode.ts';
import { decodeAs } from '../../ingest/kit/http/encoding-labels.ts';
import { systemClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import type { RawMention } from '../../core/mention.ts';
import { Metrics } from '../../core/metrics.ts';
import { rssConfigSchema } from '../../ingest/rss/config.ts';
import type { RssConnector } from '../../ingest/rss/connector.ts';
import { rss } from '../../ingest/rss/index.ts';
import { startFeedServer, type FeedServer } from '../../ingest/kit/testing/feed-server.ts';
import { textSink } from '../helpers/capture.ts';

/** One feed of the corpus, as `generate.ts` describes it in manifest.json. */
interface Entry {
  name: string;
  file: string;
  contentType: string;
  encoding: string;
  variant: string;
  expected: Array<{ title: string; text: string }>;
}

const dir = new URL('../fixtures/feeds/encodings/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Entry[];
let srv: FeedServer;


beforeAll(async () => {
  srv = await startFeedServer(Object.fromEntries(manifest.map((f) => [`/${f.name}`, { headers: { 'content-type': f.contentType }, body: readFileSync(new URL(f.file, dir)) }])));
});
afterAll(() => srv.close());

describe('the encoding corpus, served over HTTP on loopback', () => {
  it('has every kind of feed the issue lists', () => {
    const variants = new Set(manifest.map((f) => f.variant.replace(/-(utf-8|iso-8859-1|windows-1252|latin1)$/, '')));
    for (const v of ['header', 'xml-declaration', 'undeclared', 'misdeclared-header', 'misdeclared-xml', 'unusable-label', 'double-encoded', 'bad-byte', 'c1-controls', 'lookalikes']) expect(variants).toContain(v);
    const encodings = new Set(manifest.map((f) => f.encoding));
    for (const e of ['windows-1252', 'iso-8859-1', 'iso-8859-15', 'macintosh', 'euc-jp', 'shift_jis', 'euc-kr', 'gbk', 'big5', 'koi8-r', 'windows-1251', 'windows-1255', 'windows-874']) expect(encodings).toContain(e);
    expect(manifest.reduce((n, f) => n + f.expected.length, 0)).toBeGreaterThan(1000);
  });

  it('vigie sources test --json reads every item as its source text, and says how', async () => {
    const wrong: string[] = [];
    for (const f of manifest) {
      const out = textSink();
      const err = textSink();
      const code = await runSourcesTest(['test', srv.url(`/${f.name}`), '--allow-private', '--json'], { stdout: out.stream, stderr: err.stream });
      expect(code, f.name).toBe(0);
      const mentions = out.text().split('\n').filter(Boolean).map((l) => JSON.parse(l) as RawMention);
      const summary = JSON.parse(err.text().trim().split('\n').at(-1)!) as { encoding: { name: string; reason: string; replaced: number; recovered: number }; repairs: { doubleEncoded: number; c1Controls: number } };
      expect(summary.encoding.reason, f.name).toBeTruthy();
      f.expected.forEach((e, i) => {
        if (mentions[i]?.title !== e.title || mentions[i]?.text !== e.text) wrong.push(`${f.name}#${i}: ${mentions[i]?.title} | ${mentions[i]?.text}`);
      });
      const repairs = summary.repairs.doubleEncoded + summary.repairs.c1Controls;
      if (f.variant.startsWith('double-encoded')) expect(summary.repairs.doubleEncoded, f.name).toBeGreaterThan(0);
      else if (f.variant === 'c1-controls') expect(summary.repairs.c1Controls, f.name).toBeGreaterThan(0);
      // Correct text is never "repaired", whatever it looks like.
      else expect(repairs, f.name).toBe(0);
      if (f.variant === 'bad-byte') expect(summary.encoding.replaced + summary.encoding.recovered, f.name).toBe(1);
      if (!['double-encoded', 'bad-byte'].some((v) => f.variant.startsWith(v)) && f.encoding !== 'utf-8' && f.variant !== 'lookalikes') {
        // The legacy feeds: the encoding chosen is the one the bytes are in, or one that reads them identically.
        const bytes = readFileSync(new URL(f.file, dir));
        expect(decodeAs(bytes, summary.encoding.name), `${f.name} read as ${summary.encoding.name}`).toBe(decodeAs(bytes, normalizeEncoding(f.encoding)!));
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the rss connector emits the same texts', async () => {
    const wrong: string[] = [];
    for (const f of manifest) {
      const cfg = rssConfigSchema.parse({ url: srv.url(`/${f.name}`), allowPrivate: true, timeout: '5s' });
      const c = rss.create({ ...cfg, name: f.name }, { logger: silentLogger(), clock: systemClock, metrics: new Metrics() }) as RssConnector;
      const { mentions } = await c.poll(undefined, new AbortController().signal);
      f.expected.forEach((e, i) => {
        if (mentions[i]?.title !== e.title || mentions[i]?.text !== e.text) wrong.push(`${f.name}#${i}`);
      });
    }
    expect(wrong).toEqual([]);
  });
});
