/**
 * npm run bench:sentiment-variants: the alternatives to the accurate tier's fusion, each measured
 * the way fusion-train.ts chooses (5-fold CV on the train splits, the folds of crossValidate, the
 * fast model's out-of-fold probabilities), with val printed beside it but choosing nothing.
 * Per-language choices (alpha, class offsets) are cross-validated inside the CV (chosen on four
 * folds' out-of-fold predictions, applied to the fifth) so their CV figure is not flattered.
 * Minutes of CPU: one line per variant as it finishes.
 */
import { seededRandom } from '../core/random.ts';
import { fusionData, type LangSet } from '../enrich/sentiment/fusion-train.ts';
import { fuseProbabilities } from '../enrich/sentiment/fusion.ts';
import { NUM_CLASSES, softmaxInPlace } from '../enrich/sentiment/linear.ts';
import { macroF1 } from '../enrich/sentiment/metrics.ts';
import { fastProbabilities } from '../enrich/sentiment/sentiment.ts';
import { CV_FOLDS } from '../enrich/sentiment/train.ts';
import { benchEnd, benchStart } from './lib/run.ts';

benchStart('sentiment-variants');
const DIM = 512;

interface Head {
  epochs: number;
  l2: number;
  /** Subtract each language's mean vector (learnt on the rows trained on). */
  center?: boolean;
  /** One model per language instead of one pooled model with a language input. */
  perLanguage?: boolean;
  /** Shared weights plus a per-language copy (feature augmentation, Daumé 2007). */
  shared?: boolean;
  /** Models with different shuffling seeds, log-probabilities averaged. */
  seeds?: number;
  /** The fast model's log-probabilities as three more inputs (stacking); alpha 1 then means "the stack alone". */
  stack?: boolean;
}

type Predict = (x: Float32Array, lang: number, out: Float64Array) => Float64Array;

/** AdaGrad multinomial logistic regression on [x[0:512] · √512 (centred or not), x[512:], language, 1] (+ a per-language copy). */
function trainHead(xs: Float32Array[], langs: number[], ys: number[], nL: number, h: Head, seed: number): Predict {
  const extra = xs[0]!.length - DIM;
  const width = DIM + extra + nL + 1;
  const means = Array.from({ length: nL }, () => new Float32Array(DIM));
  if (h.center) {
    const n = new Array<number>(nL).fill(0);
    xs.forEach((v, i) => {
      n[langs[i]!]!++;
      for (let j = 0; j < DIM; j++) means[langs[i]!]![j]! += v[j]!;
    });
    means.forEach((m, l) => m.forEach((v, j) => (m[j] = v / Math.max(1, n[l]!))));
  }
  const w = new Float32Array(NUM_CLASSES * width);
  const g2 = new Float32Array(w.length).fill(1e-6);
  const own = h.shared ? new Float32Array(NUM_CLASSES * nL * DIM) : undefined;
  const og2 = new Float32Array(own?.length ?? 0).fill(1e-6);
  const x = new Float32Array(width);
  let lang = 0;
  const scale = Math.sqrt(DIM);
  const fill = (v: Float32Array, l: number): void => {
    lang = l;
    for (let j = 0; j < DIM; j++) x[j] = (v[j]! - means[l]![j]!) * scale;
    x.fill(0, DIM, width - 1);
    for (let j = 0; j < extra; j++) x[DIM + j] = v[DIM + j]!;
    x[DIM + extra + l] = 1;
    x[width - 1] = 1;
  };
  const forward = (out: Float64Array): Float64Array => {
    for (let c = 0; c < NUM_CLASSES; c++) {
      let z = 0;
      for (let j = 0; j < width; j++) z += w[c * width + j]! * x[j]!;
      if (own) for (let j = 0, o = (c * nL + lang) * DIM; j < DIM; j++) z += own[o + j]! * x[j]!;
      out[c] = z;
    }
    return softmaxInPlace(out);
  };
  const step = (ws: Float32Array, gs: Float32Array, o: number, g: number): void => {
    gs[o]! += g * g;
    ws[o]! -= (0.05 * g) / Math.sqrt(gs[o]!);
  };
  const rand = seededRandom(seed);
  const order = xs.map((_, i) => i);
  const p = new Float64Array(NUM_CLASSES);
  for (let e = 0; e < h.epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      fill(xs[i]!, langs[i]!);
      forward(p);
      for (let c = 0; c < NUM_CLASSES; c++) {
        const err = p[c]! - (c === ys[i] ? 1 : 0);
        for (let j = 0; j < width; j++) step(w, g2, c * width + j, err * x[j]! + h.l2 * w[c * width + j]!);
        if (own) for (let j = 0, o = (c * nL + lang) * DIM; j < DIM; j++) step(own, og2, o + j, err * x[j]! + h.l2 * own[o + j]!);
      }
    }
  }
  return (v, l, out) => {
    fill(v, l);
    return forward(out);
  };
}

/** Several seeds' heads, log-probabilities averaged (for a linear model: the averaged weights). */
function trainHeads(xs: Float32Array[], langs: number[], ys: number[], nL: number, h: Head): Predict {
  const heads = Array.from({ length: h.seeds ?? 1 }, (_, s) => trainHead(xs, langs, ys, nL, h, 20261206 + s));
  if (heads.length === 1) return heads[0]!;
  const t = new Float64Array(NUM_CLASSES);
  return (v, l, out) => {
    out.fill(0);
    for (const head of heads) {
      head(v, l, t);
      for (let c = 0; c < NUM_CLASSES; c++) out[c] = out[c]! + Math.log(t[c]!) / heads.length;
    }
    return fuseProbabilities(out.map(Math.exp), out.map(Math.exp), 0, out);
  };
}

const { sets: plain, oof } = await fusionData(() => {});
const nL = plain.length;
const fastOof = plain.map((s) => oof.get(s.lang)!);
const fastVal = plain.map((s) => s.val.map((r) => {
  const p = new Float64Array(NUM_CLASSES);
  fastProbabilities(r.text, s.lang, p);
  return p;
}));
const withFast = (v: Float32Array, p: Float64Array): Float32Array => {
  const o = new Float32Array(DIM + NUM_CLASSES);
  o.set(v);
  for (let c = 0; c < NUM_CLASSES; c++) o[DIM + c] = Math.log(Math.max(p[c]!, 1e-6));
  return o;
};
const stacked: LangSet[] = plain.map((s, l) => ({ ...s, trainVec: s.trainVec.map((v, i) => withFast(v, fastOof[l]![i]!)), valVec: s.valVec.map((v, i) => withFast(v, fastVal[l]![i]!)) }));

/** The head's out-of-fold probabilities on train and, trained on all of train, on val. */
const outputs = new Map<string, { oof: Float64Array[][]; val: Float64Array[][] }>();
function encoderOutputs(h: Head): { oof: Float64Array[][]; val: Float64Array[][] } {
  const known = outputs.get(JSON.stringify(h));
  if (known) return known;
  const sets = h.stack ? stacked : plain;
  const out = { oof: sets.map((s) => s.train.map(() => new Float64Array(NUM_CLASSES))), val: sets.map((s) => s.val.map(() => new Float64Array(NUM_CLASSES))) };
  for (let k = 0; k <= CV_FOLDS; k++) {
    const use = (s: LangSet, i: number): boolean => k === CV_FOLDS || s.folds[i] !== k;
    const score = (l: number, predict: Predict): void => {
      const s = sets[l]!;
      if (k < CV_FOLDS) s.trainVec.forEach((v, i) => s.folds[i] === k && predict(v, l, out.oof[l]![i]!));
      else s.valVec.forEach((v, i) => predict(v, l, out.val[l]![i]!));
    };
    const pick = (only?: number): [Float32Array[], number[], number[]] => {
      const xs: Float32Array[] = [];
      const ls: number[] = [];
      const ys: number[] = [];
      sets.forEach((s, l) => (only === undefined || only === l) && s.trainVec.forEach((v, i) => use(s, i) && (xs.push(v), ls.push(l), ys.push(s.trainY[i]!))));
      return [xs, ls, ys];
    };
    if (h.perLanguage) sets.forEach((_, l) => score(l, trainHeads(...pick(l), nL, h)));
    else {
      const predict = trainHeads(...pick(), nL, h);
      sets.forEach((_, l) => score(l, predict));
    }
  }
  outputs.set(JSON.stringify(h), out);
  return out;
}

const argmax = (p: Float64Array): number => (p[0]! >= p[1]! && p[0]! >= p[2]! ? 0 : p[1]! >= p[2]! ? 1 : 2);
const ALPHAS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1];
const OFFSETS: number[][] = [];
for (let a = -6; a <= 6; a++) for (let b = -6; b <= 6; b++) OFFSETS.push([a / 10, 0, b / 10]);
/** Fused predictions: log-linear mix, then per-class log offsets (prior correction). */
const predict = (fast: Float64Array[], enc: Float64Array[], alpha: number, offset = [0, 0, 0]): number[] =>
  fast.map((p, i) => {
    const f = fuseProbabilities(p, enc[i]!, alpha, new Float64Array(NUM_CLASSES));
    return argmax(f.map((v, c) => Math.log(v) + offset[c]!));
  });
const f1 = (gold: number[], pred: number[]): number => macroF1(gold, pred, NUM_CLASSES);

/** Best alpha (then offsets) for one language's rows by macro-F1. */
function choose(gold: number[], fast: Float64Array[], enc: Float64Array[], offsets: boolean): { alpha: number; offset: number[] } {
  let best = { f: -1, alpha: 0.4, offset: [0, 0, 0] };
  for (const alpha of ALPHAS) {
    const f = f1(gold, predict(fast, enc, alpha));
    if (f > best.f) best = { f, alpha, offset: [0, 0, 0] };
  }
  if (offsets) for (const offset of OFFSETS) {
    const f = f1(gold, predict(fast, enc, best.alpha, offset));
    if (f > best.f) best = { ...best, f, offset };
  }
  return best;
}

interface Line { name: string; cv: number[]; val: number[] }
const lines: Line[] = [];
const pct = (x: number): string => (100 * x).toFixed(1).padStart(5);
const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
console.log(`\nmacro-F1 of the fused label; CV = 5-fold on train, val = the val splits (choosing nothing)\n${'variant'.padEnd(58)} ${plain.map((s) => s.lang.padStart(5)).join(' ')}   mean`);
function show(name: string, cv: number[], val: number[]): void {
  lines.push({ name, cv, val });
  console.log(`${`${name}, CV`.padEnd(58)} ${cv.map(pct).join(' ')}  ${pct(mean(cv))}`);
  console.log(`${`${name}, val`.padEnd(58)} ${val.map(pct).join(' ')}  ${pct(mean(val))}`);
}

function measure(name: string, h: Head, perLanguage: 'alpha' | 'offsets' | undefined = undefined): void {
  const enc = encoderOutputs(h);
  if (!perLanguage) {
    // One alpha for every language, chosen by the CV mean (as fusion-train.ts does).
    let best = { m: -1, alpha: 0 };
    for (const alpha of ALPHAS) {
      const m = mean(plain.map((s, l) => f1(s.trainY, predict(fastOof[l]!, enc.oof[l]!, alpha))));
      if (m > best.m) best = { m, alpha };
    }
    show(`${name} (alpha ${best.alpha})`, plain.map((s, l) => f1(s.trainY, predict(fastOof[l]!, enc.oof[l]!, best.alpha))), plain.map((s, l) => f1(s.valY, predict(fastVal[l]!, enc.val[l]!, best.alpha))));
    return;
  }
  const offsets = perLanguage === 'offsets';
  const cv = plain.map((s, l) => {
    const pred = new Array<number>(s.train.length);
    for (let k = 0; k < CV_FOLDS; k++) {
      const inner = s.folds.flatMap((f, i) => (f === k ? [] : [i]));
      const outer = s.folds.flatMap((f, i) => (f === k ? [i] : []));
      const c = choose(inner.map((i) => s.trainY[i]!), inner.map((i) => fastOof[l]![i]!), inner.map((i) => enc.oof[l]![i]!), offsets);
      predict(outer.map((i) => fastOof[l]![i]!), outer.map((i) => enc.oof[l]![i]!), c.alpha, c.offset).forEach((p, j) => (pred[outer[j]!] = p));
    }
    return f1(s.trainY, pred);
  });
  const val = plain.map((s, l) => {
    const c = choose(s.trainY, fastOof[l]!, enc.oof[l]!, offsets);
    return f1(s.valY, predict(fastVal[l]!, enc.val[l]!, c.alpha, c.offset));
  });
  show(name, cv, val);
}

show('fast model alone', plain.map((s, l) => f1(s.trainY, fastOof[l]!.map(argmax))), plain.map((s, l) => f1(s.valY, fastVal[l]!.map(argmax))));
measure('pooled, L2 1e-3, 10 epochs (fused 1.0.0)', { epochs: 10, l2: 1e-3 });
measure('pooled, L2 3e-2, 30 epochs', { epochs: 30, l2: 3e-2 });
measure('  + per-language alpha (nested CV)', { epochs: 30, l2: 3e-2 }, 'alpha');
measure('  + per-language class offsets (nested CV)', { epochs: 30, l2: 3e-2 }, 'offsets');
measure('  language-centred vectors', { epochs: 30, l2: 3e-2, center: true });
measure('  3 seeds averaged', { epochs: 30, l2: 3e-2, seeds: 3 });
measure('  stacked on the fast log-probabilities', { epochs: 30, l2: 3e-2, stack: true });
measure('per-language heads, L2 1e-3, 20 epochs', { epochs: 20, l2: 1e-3, perLanguage: true });
measure('shared + per-language weights, 10 epochs', { epochs: 10, l2: 1e-3, shared: true });
benchEnd('sentiment-variants', { variants: lines.map((l) => ({ name: l.name, cvMean: Number((100 * mean(l.cv)).toFixed(2)), valMean: Number((100 * mean(l.val)).toFixed(2)), frVal: Number((100 * l.val[plain.findIndex((s) => s.lang === 'fr')]!).toFixed(1)) })) });
