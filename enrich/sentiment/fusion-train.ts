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
 * 3. the encoder model's two heads on [vector · √512, language], each one model pooled over all
 *    languages, trained on four folds and scored on the fifth: a logistic regression per L2
 *    strength and epoch count, and a one-hidden-layer network per epoch count; the encoder model
 *    is the regression alone or the mean of both heads' log-probabilities; the fused label mixes
 *    its log-probabilities with the fast model's, weight alpha on the encoder model; the settings
 *    with the best CV mean macro-F1 over the 7 languages are kept (the val splits choose nothing;
 *    bench/sentiment-variants.ts compares other alternatives);
 * 4. the heads retrained on all of train with them, written with their CV figures (which
 *    `npm run bench:accuracy` prints without searching again); val figures printed.
 * Deterministic (fixed seeds and file order). About 14 minutes of CPU, most of it the network.
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
import { encoderProbabilities, fuseProbabilities, FUSION_FILE, toFusion, type Fusion, type FusionModel } from './fusion.ts';
import { CLASSES, NUM_CLASSES, predictProba, softmaxInPlace } from './linear.ts';
import { macroF1 } from './metrics.ts';
import { mlpScores, packArray, trainMlp, type Mlp, type MlpConfig, type RowSource } from './mlp.ts';
import { sentimentModel } from './model.ts';
import { fastProbabilities } from './sentiment.ts';
import { CV_FOLDS, cvFolds, DEFAULT_TRAIN_CONFIG, sharedDataDir, toExamples, train, TRAIN_LANGUAGES } from './train.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ALPHAS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
const L2S = [1e-3, 1e-2, 3e-2, 1e-1];
const EPOCHS = [10, 20, 30];
const LR_CONFIG = { learningRate: 0.05, seed: 20261206 };
/**
 * The network head: 256 ReLU units, dropout 0.5, L2 1e-2, Adam at 1e-3 on batches of 128; its
 * epoch count is chosen by the CV among MLP_EPOCHS. Settled on 5-fold CV on train (hidden 64, 128
 * and 256, L2 1e-3 and 1e-2, dropout 0.2 and 0.5: see enrich/sentiment/README.md).
 */
const MLP_CONFIG: MlpConfig = { hidden: 256, l2: 1e-2, dropout: 0.5, learningRate: 1e-3, batch: 128, seed: 20261207 };
const MLP_EPOCHS = [9, 13, 18];
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

/** Macro-F1 per language of fast, encoder alone and fused. */
export type TierMap = Map<string, { fast: number; encoder: number; fused: number }>;

/** What the CV chose: the regression's L2 and epochs, the network's epochs (0: no network) and alpha. */
export interface FusionChoice {
  l2: number;
  epochs: number;
  mlpEpochs: number;
  alpha: number;
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

/** The network head's input rows: [vector · √dim, one-hot language] of the rows `pick` keeps, as a row source. */
function networkRows(sets: LangSet[], pick: (s: LangSet, i: number) => boolean): { n: number; ys: number[]; row: RowSource } {
  const vecs: Float32Array[] = [];
  const langs: number[] = [];
  const ys: number[] = [];
  sets.forEach((s, l) => s.trainVec.forEach((v, i) => {
    if (!pick(s, i)) return;
    vecs.push(v);
    langs.push(l);
    ys.push(s.trainY[i]!);
  }));
  return { n: vecs.length, ys, row: (i, x) => networkInput(vecs[i]!, langs[i]!, x) };
}

/** One network input row: the vector scaled by √dim, then one input per training language (none when lang < 0). */
export function networkInput(vec: Float32Array, lang: number, x: Float32Array): Float32Array {
  const scale = Math.sqrt(DIM);
  for (let j = 0; j < DIM; j++) x[j] = vec[j]! * scale;
  x.fill(0, DIM);
  if (lang >= 0) x[DIM + lang] = 1;
  return x;
}

const f1 = (gold: number[], probs: Float64Array[]): number => macroF1(gold, probs.map(argmax), NUM_CLASSES);
const mixed = (a: Float64Array[], b: Float64Array[], alpha: number): Float64Array[] => a.map((p, i) => fuseProbabilities(p, b[i]!, alpha, new Float64Array(NUM_CLASSES)));

/**
 * The grid search on 5-fold CV: out-of-fold probabilities of the regression per (L2, epochs) and
 * of the network per epoch count (the network is trained once per fold, its checkpoints scored:
 * early stopping chosen on the held-out folds), the encoder model being the regression alone or
 * the mean of both heads' log-probabilities; the best CV mean fused macro-F1 over the 7
 * languages chooses. About 14 minutes of CPU, 12 of them the network.
 */
export function searchFusion(sets: LangSet[], oof: Map<string, Float64Array[]>, log: (s: string) => void): { choice: FusionChoice; cv: TierMap } {
  const langs = sets.map((s) => s.lang);
  const empty = (): Map<string, Float64Array[]> => new Map(sets.map((s) => [s.lang, s.train.map(() => new Float64Array(NUM_CLASSES))]));
  const key = (l2: number, epochs: number): string => `${l2}/${epochs}`;
  const lrOof = new Map<string, Map<string, Float64Array[]>>();
  const shape = { model: { dim: DIM, languages: langs } as FusionModel, mlp: undefined };
  for (const l2 of L2S) {
    const per = EPOCHS.map(empty);
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
      trainEncoderModel(vecs, li, ys, langs.length, l2, EPOCHS).forEach((weights, e) => {
        for (const s of sets) s.trainVec.forEach((v, i) => s.folds[i] === k && encoderProbabilities({ ...shape, weights }, v, s.lang, per[e]!.get(s.lang)![i]!));
      });
    }
    EPOCHS.forEach((epochs, e) => lrOof.set(key(l2, epochs), per[e]!));
  }
  const mlpOof = MLP_EPOCHS.map(empty);
  const x = new Float32Array(DIM + langs.length);
  for (let k = 0; k < CV_FOLDS; k++) {
    log(`network head, fold ${k + 1}/${CV_FOLDS}`);
    const { n, ys, row } = networkRows(sets, (s, i) => s.folds[i] !== k);
    trainMlp(n, x.length, row, ys, MLP_CONFIG, MLP_EPOCHS).forEach((net, e) => {
      sets.forEach((s, l) => s.trainVec.forEach((v, i) => {
        if (s.folds[i] !== k) return;
        softmaxInPlace(mlpScores(net, networkInput(v, l, x), mlpOof[e]!.get(s.lang)![i]!));
      }));
    });
  }
  const encoderOof = (c: Omit<FusionChoice, 'alpha'>, lang: string): Float64Array[] => {
    const lr = lrOof.get(key(c.l2, c.epochs))!.get(lang)!;
    return c.mlpEpochs ? mixed(lr, mlpOof[MLP_EPOCHS.indexOf(c.mlpEpochs)]!.get(lang)!, 0.5) : lr;
  };
  let best = { mean: -1, choice: { l2: 0, epochs: 0, mlpEpochs: 0, alpha: 0 } };
  for (const l2 of L2S) {
    for (const epochs of EPOCHS) {
      for (const mlpEpochs of [0, ...MLP_EPOCHS]) {
        const enc = new Map(langs.map((l) => [l, encoderOof({ l2, epochs, mlpEpochs }, l)]));
        const means = ALPHAS.map((alpha) => sets.reduce((sum, s) => sum + f1(s.trainY, mixed(oof.get(s.lang)!, enc.get(s.lang)!, alpha)), 0) / sets.length);
        log(`CV mean fused macro-F1, L2 ${l2}, ${epochs} epochs, ${mlpEpochs ? `network ${mlpEpochs} epochs` : 'no network'}, alpha ${ALPHAS.join('/')}: ${means.map((m) => (100 * m).toFixed(2)).join(' ')}`);
        means.forEach((mean, a) => mean > best.mean && (best = { mean, choice: { l2, epochs, mlpEpochs, alpha: ALPHAS[a]! } }));
      }
    }
  }
  const c = best.choice;
  const cv = new Map(sets.map((s) => {
    const enc = encoderOof(c, s.lang);
    return [s.lang, { fast: f1(s.trainY, oof.get(s.lang)!), encoder: f1(s.trainY, enc), fused: f1(s.trainY, mixed(oof.get(s.lang)!, enc, c.alpha)) }];
  }));
  return { choice: c, cv };
}

/** The fusion model with the chosen settings trained on every train row; `cv` is stored in it. */
export function trainFusion(sets: LangSet[], c: FusionChoice, cv: TierMap): Fusion {
  const langs = sets.map((s) => s.lang);
  const [weights] = trainEncoderModel(sets.flatMap((s) => s.trainVec), sets.flatMap((s, l) => s.trainVec.map(() => l)), sets.flatMap((s) => s.trainY), langs.length, c.l2, [c.epochs]);
  let mlp: Mlp | undefined;
  if (c.mlpEpochs) {
    const { n, ys, row } = networkRows(sets, () => true);
    [mlp] = trainMlp(n, DIM + langs.length, row, ys, MLP_CONFIG, [c.mlpEpochs]);
  }
  const round = (a: Float32Array): number[] => Array.from(a, (v) => Number(v.toPrecision(6)));
  const { header } = sentimentModel();
  const model: FusionModel = {
    format: 2,
    name: 'vigie-sentiment-fused',
    version: '1.2.0',
    fast: `${header.name}@${header.version}`,
    encoder: { package: ENCODER_SOURCE.package, version: ENCODER_SOURCE.version, sha256: ENCODER_SOURCE.sha256 },
    dim: DIM,
    languages: langs,
    alpha: c.alpha,
    weights: round(weights!),
    mlp: mlp ? { hidden: mlp.hidden, w1: packArray(mlp.w1), b1: round(mlp.b1), w2: round(mlp.w2), b2: round(mlp.b2) } : null,
    trainedOn: langs.map((l) => `data/sentiment/${l}.train.tsv`),
    hyper: {
      l2: c.l2, epochs: c.epochs, learningRate: LR_CONFIG.learningRate, seed: LR_CONFIG.seed,
      ...(mlp && { mlpHidden: MLP_CONFIG.hidden, mlpEpochs: c.mlpEpochs, mlpL2: MLP_CONFIG.l2, mlpDropout: MLP_CONFIG.dropout, mlpLearningRate: MLP_CONFIG.learningRate, mlpBatch: MLP_CONFIG.batch, mlpSeed: MLP_CONFIG.seed }),
    },
    cv: Object.fromEntries([...cv].map(([l, v]) => [l, { fast: round4(v.fast), encoder: round4(v.encoder), fused: round4(v.fused) }])),
  };
  // Through the file's own reader, so the figures printed are those of the weights as stored.
  return toFusion(JSON.parse(JSON.stringify(model)) as FusionModel, 'just trained');
}

const round4 = (x: number): number => Number(x.toFixed(4));

/** Val macro-F1 per language of the fast model, the encoder model and the fused label of `fusion`. */
export function valFigures(sets: LangSet[], fusion: Fusion): TierMap {
  return new Map(sets.map((s) => {
    const fastP = s.val.map((r) => {
      const p = new Float64Array(NUM_CLASSES);
      fastProbabilities(r.text, s.lang, p);
      return p;
    });
    const encP = s.valVec.map((v) => encoderProbabilities(fusion, v, s.lang, new Float64Array(NUM_CLASSES)));
    return [s.lang, { fast: f1(s.valY, fastP), encoder: f1(s.valY, encP), fused: f1(s.valY, mixed(fastP, encP, fusion.model.alpha)) }];
  }));
}

/** The CV figures a fusion file was chosen with, as a table map. */
export const storedCv = (m: FusionModel): TierMap => new Map(Object.entries(m.cv));

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
  const { sets, oof } = await fusionData(console.log);
  const { choice, cv } = searchFusion(sets, oof, console.log);
  console.log(`chosen by CV: regression L2 ${choice.l2}, ${choice.epochs} epochs; ${choice.mlpEpochs ? `network ${choice.mlpEpochs} epochs` : 'no network'}; alpha ${choice.alpha}`);
  const fusion = trainFusion(sets, choice, cv);
  console.log(formatFigures('5-fold CV macro-F1 on train (the folds of crossValidate)', cv));
  console.log(formatFigures('val macro-F1', valFigures(sets, fusion)));
  if (process.argv.includes('--no-write')) return;
  const out = join(here, FUSION_FILE);
  writeFileSync(out, `${JSON.stringify(fusion.model)}\n`);
  console.log(`wrote ${out}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
