/**
 * Builds the accurate tier's fusion model (`fusion.json`): run by `npm run build:models` after
 * train.ts (`--no-write` only prints). Needs the sentence encoder, which it downloads and
 * converts on first use (encoder/fetch.ts).
 *
 * Data: the same TRAIN splits as the fast model (`data/sentiment/<lang>.train.tsv`, UMSAB from
 * cardiffnlp/xlm-t, see train.ts), the val splits only read to report. Steps:
 * 1. every tweet's sentence vector (cached on disk beside the encoder: minutes of CPU);
 * 2. the fast model's out-of-fold probabilities on train, from the same five folds as
 *    `crossValidate` (one fast model per fold, cached too);
 * 3. per L2 strength and epoch count, a logistic regression on [vector · √512, language], one
 *    model pooled over all languages, trained on four folds and scored on the fifth; the fused
 *    label mixes the two models' log-probabilities with weight alpha on the encoder model; L2,
 *    epochs and alpha are the triple with the best CV mean macro-F1 over the 7 languages (the
 *    val splits choose nothing; bench/sentiment-variants.ts compares the alternatives);
 * 4. the encoder model retrained on all of train with them; val figures printed.
 * Deterministic (fixed seeds and file order).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../core/random.ts';
import { readTsv, type Row } from './data.ts';
import { loadEncoder } from './encoder/encoder.ts';
import { ENCODER_SOURCE, encoderDir, fetchEncoder } from './encoder/fetch.ts';
import { cachedVectors } from './encoder/vectors.ts';
import { encoderProbabilities, fuseProbabilities, FUSION_FILE, fusionWidth, type FusionModel } from './fusion.ts';
import { CLASSES, NUM_CLASSES, predictProba, softmaxInPlace } from './linear.ts';
import { macroF1 } from './metrics.ts';
import { sentimentModel } from './model.ts';
import { fastProbabilities } from './sentiment.ts';
import { CV_FOLDS, cvFolds, DEFAULT_TRAIN_CONFIG, sharedDataDir, toExamples, train, TRAIN_LANGUAGES } from './train.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ALPHAS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
const L2S = [1e-3, 1e-2, 3e-2, 1e-1];
const EPOCHS = [10, 20, 30];
const LR_CONFIG = { learningRate: 0.05, seed: 20261206 };
const DIM = 512;

export interface LangSet {
  lang: string;
  train: Row[];
  val: Row[];
  trainVec: Float32Array[];
  valVec: Float32Array[];
  /** Gold class indices. */
  trainY: number[];
  valY: number[];
  folds: number[];
}

/**
 * Logistic regression on [vector · √dim, one-hot language, 1], AdaGrad on the cross-entropy with
 * L2; the weights after each epoch count of `checkpoints` (ascending), so one run serves every
 * epoch count of the CV grid.
 */
export function trainEncoderModel(vecs: Float32Array[], langs: number[], ys: number[], nLangs: number, l2: number, checkpoints: readonly number[], seed = LR_CONFIG.seed): Float32Array[] {
  const width = DIM + nLangs + 1;
  const w = new Float32Array(NUM_CLASSES * width);
  const g2 = new Float32Array(w.length).fill(1e-6);
  const rand = seededRandom(seed);
  const order = vecs.map((_, i) => i);
  const x = new Float32Array(width);
  const p = new Float64Array(NUM_CLASSES);
  const scale = Math.sqrt(DIM);
  const out: Float32Array[] = [];
  for (let e = 1; e <= checkpoints[checkpoints.length - 1]!; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const v = vecs[i]!;
      for (let j = 0; j < DIM; j++) x[j] = v[j]! * scale;
      x.fill(0, DIM, width - 1);
      if (langs[i]! >= 0) x[DIM + langs[i]!] = 1;
      x[width - 1] = 1;
      for (let c = 0; c < NUM_CLASSES; c++) {
        let z = 0;
        for (let j = 0; j < width; j++) z += w[c * width + j]! * x[j]!;
        p[c] = z;
      }
      softmaxInPlace(p);
      for (let c = 0; c < NUM_CLASSES; c++) {
        const err = p[c]! - (c === ys[i] ? 1 : 0);
        for (let j = 0; j < width; j++) {
          const o = c * width + j;
          const g = err * x[j]! + l2 * w[o]!;
          g2[o]! += g * g;
          w[o]! -= (LR_CONFIG.learningRate * g) / Math.sqrt(g2[o]!);
        }
      }
    }
    if (checkpoints.includes(e)) out.push(w.slice());
  }
  return out;
}

const argmax = (p: Float64Array): number => (p[0]! >= p[1]! && p[0]! >= p[2]! ? 0 : p[1]! >= p[2]! ? 1 : 2);

/** The fast model's out-of-fold probabilities on every language's train rows, cached on disk. */
function fastOutOfFold(sets: LangSet[], cacheDir: string): Map<string, Float64Array[]> {
  const key = createHash('sha256')
    .update(JSON.stringify(DEFAULT_TRAIN_CONFIG))
    .update(sentimentModel().header.version)
    .update(sets.map((s) => s.train.map((r) => `${r.label}\t${r.text}`).join('\n')).join('\0'))
    .digest('hex')
    .slice(0, 16);
  const file = join(cacheDir, `fast-oof-${key}.f64`);
  const total = sets.reduce((n, s) => n + s.train.length, 0);
  let flat: Float64Array;
  if (existsSync(file) && readFileSync(file).length === total * NUM_CLASSES * 8) {
    const b = readFileSync(file);
    flat = new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
  } else {
    flat = new Float64Array(total * NUM_CLASSES);
    const examples = sets.map((s) => toExamples(s.train, s.lang, DEFAULT_TRAIN_CONFIG.spec));
    for (let k = 0; k < CV_FOLDS; k++) {
      console.log(`fast model, fold ${k + 1}/${CV_FOLDS}`);
      const w = train(sets.flatMap((s, li) => examples[li]!.filter((_, i) => s.folds[i] !== k)), DEFAULT_TRAIN_CONFIG);
      let at = 0;
      sets.forEach((s, li) => {
        examples[li]!.forEach((ex, i) => {
          if (s.folds[i] === k) predictProba(w, ex.f, flat.subarray((at + i) * NUM_CLASSES, (at + i + 1) * NUM_CLASSES));
        });
        at += s.train.length;
      });
    }
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(`${file}.tmp`, new Uint8Array(flat.buffer));
    renameSync(`${file}.tmp`, file);
  }
  const out = new Map<string, Float64Array[]>();
  let at = 0;
  for (const s of sets) {
    out.set(s.lang, s.train.map((_, i) => flat.subarray((at + i) * NUM_CLASSES, (at + i + 1) * NUM_CLASSES)));
    at += s.train.length;
  }
  return out;
}

/** Macro-F1 per language of fast, encoder alone and fused, on CV (out-of-fold) and on val. */
export interface FusionFigures {
  alpha: number;
  l2: number;
  epochs: number;
  cv: Map<string, { fast: number; encoder: number; fused: number }>;
  val: Map<string, { fast: number; encoder: number; fused: number }>;
  model: FusionModel;
}

/**
 * Every language's train and val rows with their sentence vectors, gold classes and CV folds,
 * and the fast model's out-of-fold probabilities on train (both cached beside the encoder).
 */
export async function fusionData(log: (s: string) => void): Promise<{ sets: LangSet[]; oof: Map<string, Float64Array[]> }> {
  const dataDir = join(sharedDataDir(), 'sentiment');
  const encoder = loadEncoder(await fetchEncoder({ log }));
  const cacheDir = join(encoderDir(), 'vectors');
  const sets: LangSet[] = TRAIN_LANGUAGES.map((lang) => {
    const trainRows = readTsv(join(dataDir, `${lang}.train.tsv`));
    const val = readTsv(join(dataDir, `${lang}.val.tsv`));
    const y = (r: Row): number => CLASSES.indexOf(r.label as (typeof CLASSES)[number]);
    log(`${lang}: sentence vectors of ${trainRows.length + val.length} tweets (cached after the first run)`);
    return {
      lang,
      train: trainRows,
      val,
      trainVec: cachedVectors(encoder, trainRows.map((r) => r.text), cacheDir, `${lang}.train`),
      valVec: cachedVectors(encoder, val.map((r) => r.text), cacheDir, `${lang}.val`),
      trainY: trainRows.map(y),
      valY: val.map(y),
      folds: cvFolds(lang, trainRows.length),
    };
  });
  return { sets, oof: fastOutOfFold(sets, cacheDir) };
}

/** Everything `npm run build:models` and `npm run bench:accuracy` print about the fusion. */
export async function fusionFigures(log: (s: string) => void = console.log, committed?: { model: FusionModel; weights: Float32Array }): Promise<FusionFigures> {
  const { sets, oof } = await fusionData(log);
  const langs = sets.map((s) => s.lang);

  // Out-of-fold encoder-model probabilities per (L2 strength, epochs).
  const key = (l2: number, epochs: number): string => `${l2}/${epochs}`;
  const encOof = new Map<string, Map<string, Float64Array[]>>();
  const m = { dim: DIM, languages: langs } as FusionModel;
  for (const l2 of L2S) {
    const per = EPOCHS.map(() => new Map<string, Float64Array[]>(sets.map((s) => [s.lang, s.train.map(() => new Float64Array(NUM_CLASSES))])));
    for (let k = 0; k < CV_FOLDS; k++) {
      const vecs: Float32Array[] = [];
      const li: number[] = [];
      const ys: number[] = [];
      sets.forEach((s, l) => s.trainVec.forEach((v, i) => {
        if (s.folds[i] === k) return;
        vecs.push(v);
        li.push(l);
        ys.push(s.trainY[i]!);
      }));
      trainEncoderModel(vecs, li, ys, langs.length, l2, EPOCHS).forEach((w, e) => {
        for (const s of sets) s.trainVec.forEach((v, i) => s.folds[i] === k && encoderProbabilities(m, w, v, s.lang, per[e]!.get(s.lang)![i]!));
      });
    }
    EPOCHS.forEach((epochs, e) => encOof.set(key(l2, epochs), per[e]!));
  }
  const f1 = (gold: number[], probs: Float64Array[]): number => macroF1(gold, probs.map(argmax), NUM_CLASSES);
  const fused = (a: Float64Array[], b: Float64Array[], alpha: number): Float64Array[] => a.map((p, i) => fuseProbabilities(p, b[i]!, alpha, new Float64Array(NUM_CLASSES)));
  let best = { mean: -1, alpha: 0, l2: 0, epochs: 0 };
  for (const l2 of L2S) {
    for (const epochs of EPOCHS) {
      const enc = encOof.get(key(l2, epochs))!;
      const means = ALPHAS.map((alpha) => sets.reduce((sum, s) => sum + f1(s.trainY, fused(oof.get(s.lang)!, enc.get(s.lang)!, alpha)), 0) / sets.length);
      log(`CV mean fused macro-F1, L2 ${l2}, ${epochs} epochs, alpha ${ALPHAS.join('/')}: ${means.map((x) => (100 * x).toFixed(2)).join(' ')}`);
      means.forEach((mean, a) => mean > best.mean && (best = { mean, alpha: ALPHAS[a]!, l2, epochs }));
    }
  }
  const cv = new Map(sets.map((s) => {
    const enc = encOof.get(key(best.l2, best.epochs))!.get(s.lang)!;
    return [s.lang, { fast: f1(s.trainY, oof.get(s.lang)!), encoder: f1(s.trainY, enc), fused: f1(s.trainY, fused(oof.get(s.lang)!, enc, best.alpha)) }];
  }));

  const [weights] = trainEncoderModel(sets.flatMap((s) => s.trainVec), sets.flatMap((s, l) => s.trainVec.map(() => l)), sets.flatMap((s) => s.trainY), langs.length, best.l2, [best.epochs]);
  const { header } = sentimentModel();
  const model: FusionModel = {
    format: 1,
    name: 'vigie-sentiment-fused',
    version: '1.1.0',
    fast: `${header.name}@${header.version}`,
    encoder: { package: ENCODER_SOURCE.package, version: ENCODER_SOURCE.version, sha256: ENCODER_SOURCE.sha256 },
    dim: DIM,
    languages: langs,
    alpha: best.alpha,
    weights: Array.from(weights!, (x) => Number(x.toPrecision(6))),
    trainedOn: langs.map((l) => `data/sentiment/${l}.train.tsv`),
    hyper: { l2: best.l2, epochs: best.epochs, learningRate: LR_CONFIG.learningRate, seed: LR_CONFIG.seed },
  };
  // The val figures of the committed model when asked (the bench), else of the one just trained.
  const valModel = committed?.model ?? model;
  const w = committed?.weights ?? Float32Array.from(model.weights);
  const val = new Map(sets.map((s) => {
    const fastP = s.val.map((r) => {
      const p = new Float64Array(NUM_CLASSES);
      fastProbabilities(r.text, s.lang, p);
      return p;
    });
    const encP = s.valVec.map((v) => encoderProbabilities(valModel, w, v, s.lang, new Float64Array(NUM_CLASSES)));
    return [s.lang, { fast: f1(s.valY, fastP), encoder: f1(s.valY, encP), fused: f1(s.valY, fused(fastP, encP, valModel.alpha)) }];
  }));
  return { alpha: best.alpha, l2: best.l2, epochs: best.epochs, cv, val, model };
}

/** Per-language table of the three models. */
export function formatFigures(title: string, m: Map<string, { fast: number; encoder: number; fused: number }>): string {
  const langs = [...m.keys()];
  const pct = (x: number): string => (100 * x).toFixed(1).padStart(5);
  const row = (name: keyof typeof first, label: string): string => {
    const vals = langs.map((l) => m.get(l)![name]);
    return `${label.padEnd(8)} ${vals.map(pct).join(' ')}  ${pct(vals.reduce((a, b) => a + b, 0) / vals.length)}`;
  };
  const first = m.get(langs[0]!)!;
  return [title, `${''.padEnd(8)} ${langs.map((l) => l.padStart(5)).join(' ')}   mean`, row('fast', 'fast'), row('encoder', 'encoder'), row('fused', 'fused')].join('\n');
}

async function main(): Promise<void> {
  const figures = await fusionFigures();
  console.log(`chosen by CV: L2 ${figures.l2}, ${figures.epochs} epochs, alpha ${figures.alpha}`);
  console.log(formatFigures('5-fold CV macro-F1 on train (the folds of crossValidate)', figures.cv));
  console.log(formatFigures('val macro-F1', figures.val));
  if (process.argv.includes('--no-write')) return;
  const out = join(here, FUSION_FILE);
  writeFileSync(out, `${JSON.stringify(figures.model)}\n`);
  console.log(`wrote ${out}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
