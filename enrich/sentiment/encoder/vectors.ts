import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SentenceEncoder } from './encoder.ts';

/**
 * Sentence vectors of many texts, cached on disk: encoding the ~15,000 development tweets costs
 * minutes of CPU, and training, cross-validation and the accuracy bench all need them. The cache
 * key is the encoder's name and every text, so a changed file or encoder is encoded again.
 */
export function cachedVectors(encoder: SentenceEncoder, texts: readonly string[], dir: string, label: string): Float32Array[] {
  const key = createHash('sha256').update(encoder.name).update('\0').update(texts.join('\0')).digest('hex').slice(0, 16);
  const file = join(dir, `${label}-${key}.f32`);
  const dim = encoder.dim;
  if (existsSync(file)) {
    const b = readFileSync(file);
    if (b.length === texts.length * dim * 4) {
      const all = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
      return texts.map((_, i) => all.subarray(i * dim, (i + 1) * dim));
    }
  }
  const all = new Float32Array(texts.length * dim);
  texts.forEach((t, i) => encoder.embed(t, all.subarray(i * dim, (i + 1) * dim)));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${file}.tmp`, new Uint8Array(all.buffer));
  renameSync(`${file}.tmp`, file);
  return texts.map((_, i) => all.subarray(i * dim, (i + 1) * dim));
}
