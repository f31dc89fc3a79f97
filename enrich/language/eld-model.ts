import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { VigieError } from '../../core/errors.ts';

/**
 * Byte 4-gram scores of the Efficient Language Detector (npm `eld` 2.1.0, Apache-2.0, by Nito T.M.),
 * compiled for one candidate set. ELD measured best of the npm detectors on the dev sets (see
 * bench/accuracy.ts); we reuse its data but score only the candidates, in typed arrays, which is
 * several times faster than `eld.detect()` + `setLanguageSubset()` (that scores all 60 languages).
 */
export interface EldModel {
  /** ISO 639-1 codes, in column order. */
  readonly codes: readonly string[];
  /** n-gram → row offset in `weights`. */
  readonly rows: ReadonlyMap<string, number>;
  /** `codes.length` columns per row; 0 = n-gram unseen for that language, else ELD score + 53. */
  readonly weights: Uint8Array;
}

/** Languages ELD's data covers (ISO 639-1; ELD's `no` stands for Norwegian Bokmål). */
export const ELD_LANGUAGES: readonly string[] = [
  'am', 'ar', 'az', 'be', 'bg', 'bn', 'ca', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'eu', 'fa', 'fi', 'fr', 'gu',
  'he', 'hi', 'hr', 'hu', 'hy', 'is', 'it', 'ja', 'ka', 'kn', 'ko', 'ku', 'lo', 'lt', 'lv', 'ml', 'mr', 'ms', 'nl',
  'no', 'or', 'pa', 'pl', 'pt', 'ro', 'ru', 'sk', 'sl', 'sq', 'sr', 'sv', 'ta', 'te', 'th', 'tl', 'tr', 'uk', 'ur',
  'vi', 'yo', 'zh',
];

/** ELD subtracted this from every stored score to shrink its files; adding it back is part of its scoring. */
const BASE_SCORE = 53;

function findEldSource(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', 'eld', 'src');
    if (existsSync(join(candidate, 'ngrams', 'large.js'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new VigieError('ERR_ENRICH_MODEL_MISSING', 'language model data not found: the npm package eld (2.1.0) is not installed; run npm ci');
    }
    dir = parent;
  }
}

/**
 * Evaluates one of ELD's data modules (`export const name = <object literal>`) in an isolated context.
 * The package's exports map hides these files, and importing them would keep the 60-language
 * table (~170 MB of heap) alive for the life of the process; evaluated this way it is garbage once compiled.
 */
function readEldData(file: string, name: string): unknown {
  const source = readFileSync(file, 'utf8').replace(`export const ${name}`, `var ${name}`);
  const context: Record<string, unknown> = {};
  vm.runInNewContext(source, context, { filename: file });
  return context[name];
}

let dictionary: readonly string[] | undefined;

/** ELD's byte → character table: its n-grams are UTF-8 bytes written with these characters. */
export function eldDictionary(): readonly string[] {
  dictionary ??= readEldData(join(findEldSource(), 'dictionary.js'), 'dictionary') as string[];
  return dictionary;
}

interface EldNgramData {
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}

/** Builds the candidate-restricted table; `codes` must all be in ELD_LANGUAGES. */
export function compileEldModel(codes: readonly string[]): EldModel {
  const data = readEldData(join(findEldSource(), 'ngrams', 'large.js'), 'ngramsData') as EldNgramData;
  const columnOf = new Map<string, number>();
  for (const [id, code] of Object.entries(data.languages)) {
    const col = codes.indexOf(code);
    if (col >= 0) columnOf.set(id, col);
  }
  const k = codes.length;
  const rows = new Map<string, number>();
  const chunks: number[] = [];
  for (const [ngram, perLang] of Object.entries(data.ngrams)) {
    let row: number | undefined;
    for (const id in perLang) {
      const col = columnOf.get(id);
      if (col === undefined) continue;
      if (row === undefined) {
        row = chunks.length;
        for (let i = 0; i < k; i++) chunks.push(0);
        rows.set(ngram, row);
      }
      chunks[row + col] = (perLang[id] ?? 0) + BASE_SCORE;
    }
  }
  return { codes: [...codes], rows, weights: Uint8Array.from(chunks) };
}
