/**
 * Sizes and spans that hung or exhausted memory (generated at test time, not committed): a config
 * of 200,000 keys (3.4 MB), a 50 MB scalar, a 50 MB config file, a 50 MB NDJSON line through
 * `vigie enrich --input`, and an alerts replay through a mention dated 2199. Each ends quickly
 * with a clear error (or result) and bounded memory.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadAlertsConfig } from '../../cli/commands/alerts.ts';
import { MAX_CONFIG_BYTES, parseConfigText, readConfigFile } from '../../cli/config.ts';
import { silentLogger } from '../../core/logger.ts';
import { parseEnrichedMention, type EnrichedMention } from '../../core/mention.ts';
import { Metrics } from '../../core/metrics.ts';
import { ndjsonLines } from '../../core/ndjson.ts';
import { replayMentions } from '../../alerts/replay.ts';
import { monthlyIndex } from '../../index/elasticsearch/names.ts';
import { codeOf, measure } from './measure.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigie-limits-'));

describe('config loading: linear and capped', () => {
  it('200,000 keys (3.4 MB): refused at once by the size cap, not minutes of duplicate checks', async () => {
    const text = `surprise:\n${Array.from({ length: 200_000 }, (_, i) => `  key${i}: ${i}`).join('\n')}\n`;
    const r = await measure(() => parseConfigText(text, 'big.yaml', {}));
    expect(codeOf(r.error)).toBe('ERR_CONFIG_INVALID');
    expect((r.error as Error).message).toContain(`more than ${MAX_CONFIG_BYTES}`);
    expect(r.ms).toBeLessThan(2000);
  });

  it('a duplicate key among 40,000 (under the cap) is found by line, in linear time', async () => {
    const text = `surprise:\n${Array.from({ length: 40_000 }, (_, i) => `  k${i}: ${i}`).join('\n')}\n  k7: again\n`;
    const r = await measure(() => parseConfigText(text, 'dup.yaml', {}));
    expect((r.error as Error).message).toMatch(/line 40002: duplicate key "k7"/);
    expect(r.ms).toBeLessThan(15_000);
  }, 30_000);

  it('a 50 MB scalar: refused before it costs gigabytes', async () => {
    const text = `watch:\n  - name: big\n    role: brand\n    query: "${'a'.repeat(50_000_000)}"\n`;
    const r = await measure(() => parseConfigText(text, 'scalar.yaml', {}));
    expect(codeOf(r.error)).toBe('ERR_CONFIG_INVALID');
    expect(r.peakMb).toBeLessThan(50);
  });

  it('a 900 KB scalar under the file cap: refused by the scalar cap with its line', async () => {
    const text = `watch:\n  - name: big\n    role: brand\n    query: "${'a'.repeat(900_000)}"\n`;
    const r = await measure(() => parseConfigText(text, 'scalar.yaml', {}));
    expect((r.error as Error).message).toMatch(/line 4: value of 900000 characters is longer than 100000/);
  });

  it('a 50 MB config file is not even read', async () => {
    const path = join(dir, 'huge.yaml');
    writeFileSync(path, `# ${'x'.repeat(50_000_000)}\n`);
    const r = await measure(() => readConfigFile(path));
    expect(codeOf(r.error)).toBe('ERR_CONFIG_INVALID');
    expect(r.peakMb).toBeLessThan(20);
  });
});

describe('NDJSON lines are capped', () => {
  it('a 50 MB line is skipped with bounded memory, the next line still read', async () => {
    const big = Buffer.alloc(50_000_000, 'a');
    async function* chunks() {
      for (let i = 0; i < big.length; i += 65_536) yield big.subarray(i, i + 65_536);
      yield Buffer.from('\n{"ok":1}\r\n');
    }
    const r = await measure(async () => {
      const out = [];
      for await (const l of ndjsonLines(Readable.from(chunks()), 1_000_000)) out.push(l);
      return out;
    });
    expect(r.value).toEqual([{ n: 1, tooLong: 50_000_000 }, { n: 2, text: '{"ok":1}' }]);
    expect(r.peakMb).toBeLessThan(20);
  });

  it('vigie enrich --input: a 50 MB line gets ERR_INPUT_LINE_TOO_LONG by number, the good line is enriched, in 256 MB of heap', async () => {
    const path = join(dir, 'big.ndjson');
    const good = JSON.stringify({ schemaVersion: 1, id: 'ok:1', source: { kind: 'rss' }, publishedAt: '2026-11-17T14:00:00Z', text: 'Acme coffee is great' });
    writeFileSync(path, `{"text":"${'a'.repeat(50_000_000)}"}\n${good}\n`);
    const run = await new Promise<{ code: number; out: string; err: string }>((resolve) => {
      execFile(process.execPath, ['--max-old-space-size=256', 'cli/bin.js', 'enrich', '--input', path, '--max-line-bytes', '1048576'], { maxBuffer: 10_000_000, env: { ...process.env, VIGIE_LOG_LEVEL: 'error' } }, (e, out, err) =>
        resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out, err }),
      );
    });
    expect(run.err).toContain('"line":1,"code":"ERR_INPUT_LINE_TOO_LONG"');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.out.trim()).id).toBe('ok:1');
  }, 120_000);
});

describe('absurd dates cost nothing downstream', () => {
  it('no index is named from year 0 or a negative year', () => {
    for (const d of ['0000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '+099999-01-01T00:00:00Z']) {
      expect(() => monthlyIndex('vigie', d), d).toThrow(/between 1990 and 9999/);
    }
  });

  it('alerts replay through a mention dated 2199 steps only where data is (seconds, not minutes)', async () => {
    const cfg = await loadAlertsConfig('config/examples/alerts-classic.yaml', { channels: false });
    const lines = readFileSync('test/fixtures/alerts/mentions.ndjson', 'utf8').trim().split('\n');
    const mentions: EnrichedMention[] = lines.map((l) => parseEnrichedMention(JSON.parse(l)));
    // Built past the schema (which now refuses it), as an old topic or file could hold it.
    const far = { ...mentions.at(-1)!, id: 'far:2199', publishedAt: '2199-01-01T00:00:00.000Z' };
    const events: string[] = [];
    const r = await measure(() => replayMentions(cfg, [...mentions, far], { logger: silentLogger(), metrics: new Metrics() }, (a) => events.push(a.type)));
    expect(r.error).toBeUndefined();
    expect(r.ms).toBeLessThan(20_000);
    expect(events).toContain('opened');
  }, 60_000);
});
