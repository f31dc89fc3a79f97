import { seededRandom } from '../../core/random.ts';
import { NUM_CLASSES } from './linear.ts';

/**
 * A one-hidden-layer network (ReLU) from an input row to NUM_CLASSES scores: the accurate tier's
 * second head on the sentence vector, next to the logistic regression (fusion.ts). Row-major,
 * input-major: w1[j * hidden + k] joins input j to hidden unit k, w2[k * NUM_CLASSES + c] hidden
 * unit k to class c.
 */
export interface Mlp {
  inputs: number;
  hidden: number;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
}

/** Training settings: Adam on the mean cross-entropy of mini-batches, L2 on both weight matrices, dropout on the hidden layer. */
export interface MlpConfig {
  hidden: number;
  l2: number;
  dropout: number;
  learningRate: number;
  batch: number;
  seed: number;
}

/** A row of the input: `fill(i, x)` writes example i into x (length `inputs`), so callers need not materialise every row. */
export type RowSource = (i: number, x: Float32Array) => void;

/** The hidden layer's activations (ReLU) of input x into h. */
function hiddenOf(m: Mlp, x: Float32Array, h: Float32Array): void {
  const { hidden: H, w1 } = m;
  h.set(m.b1);
  for (let j = 0; j < m.inputs; j++) {
    const v = x[j]!;
    if (v === 0) continue;
    const o = j * H;
    for (let k = 0; k < H; k++) h[k]! += v * w1[o + k]!;
  }
  for (let k = 0; k < H; k++) if (h[k]! < 0) h[k] = 0;
}

/** Class scores (logits) of the hidden activations h into out. */
function scoresOf(m: Mlp, h: Float32Array, out: Float64Array): void {
  for (let c = 0; c < NUM_CLASSES; c++) out[c] = m.b2[c]!;
  for (let k = 0; k < m.hidden; k++) {
    const v = h[k]!;
    if (v === 0) continue;
    for (let c = 0; c < NUM_CLASSES; c++) out[c] = out[c]! + v * m.w2[k * NUM_CLASSES + c]!;
  }
}

/** Class scores of the network for input x into out (the caller applies the softmax); `h` is scratch of length hidden. */
export function mlpScores(m: Mlp, x: Float32Array, out: Float64Array, h = new Float32Array(m.hidden)): Float64Array {
  hiddenOf(m, x, h);
  scoresOf(m, h, out);
  return out;
}

/** A standard normal draw from a uniform source (Box-Muller). */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/**
 * Trains the network on n rows of `inputs` values with gold classes `ys`; returns a copy of the
 * weights after each epoch count of `checkpoints` (ascending), so one run serves every epoch
 * count of a CV grid (early stopping chosen on the held-out folds). He initialisation; the same
 * seed gives the same weights.
 */
export function trainMlp(n: number, inputs: number, row: RowSource, ys: readonly number[], cfg: MlpConfig, checkpoints: readonly number[]): Mlp[] {
  const H = cfg.hidden;
  const rand = seededRandom(cfg.seed);
  const m: Mlp = { inputs, hidden: H, w1: new Float32Array(inputs * H), b1: new Float32Array(H), w2: new Float32Array(H * NUM_CLASSES), b2: new Float32Array(NUM_CLASSES) };
  const s1 = Math.sqrt(2 / inputs);
  const s2 = Math.sqrt(1 / H);
  for (let i = 0; i < m.w1.length; i++) m.w1[i] = normal(rand) * s1;
  for (let i = 0; i < m.w2.length; i++) m.w2[i] = normal(rand) * s2;
  const params = [m.w1, m.b1, m.w2, m.b2];
  const decay = [cfg.l2, 0, cfg.l2, 0];
  const grads = params.map((p) => new Float32Array(p.length));
  const mom = params.map((p) => new Float32Array(p.length));
  const vel = params.map((p) => new Float32Array(p.length));
  const [g1, gb1, g2, gb2] = grads as [Float32Array, Float32Array, Float32Array, Float32Array];
  const x = new Float32Array(inputs);
  const h = new Float32Array(H);
  const keep = new Float32Array(H);
  const gh = new Float32Array(H);
  const p = new Float64Array(NUM_CLASSES);
  const order = Array.from({ length: n }, (_, i) => i);
  const out: Mlp[] = [];
  let t = 0;
  for (let e = 1; e <= checkpoints[checkpoints.length - 1]!; e++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let b = 0; b < n; b += cfg.batch) {
      const end = Math.min(n, b + cfg.batch);
      for (const g of grads) g.fill(0);
      for (let at = b; at < end; at++) {
        const i = order[at]!;
        row(i, x);
        hiddenOf(m, x, h);
        // Inverted dropout: kept units scaled up in training so prediction needs no rescaling.
        for (let k = 0; k < H; k++) {
          keep[k] = rand() < cfg.dropout ? 0 : 1 / (1 - cfg.dropout);
          h[k] = h[k]! * keep[k]!;
        }
        scoresOf(m, h, p);
        let max = -Infinity;
        for (let c = 0; c < NUM_CLASSES; c++) max = Math.max(max, p[c]!);
        let sum = 0;
        for (let c = 0; c < NUM_CLASSES; c++) sum += p[c] = Math.exp(p[c]! - max);
        for (let c = 0; c < NUM_CLASSES; c++) p[c] = p[c]! / sum - (c === ys[i] ? 1 : 0);
        gh.fill(0);
        for (let k = 0; k < H; k++) {
          const v = h[k]!;
          for (let c = 0; c < NUM_CLASSES; c++) {
            g2[k * NUM_CLASSES + c]! += v * p[c]!;
            gh[k]! += m.w2[k * NUM_CLASSES + c]! * p[c]!;
          }
          // Back through dropout and the ReLU (a unit dropped or off passes no gradient).
          gh[k] = v > 0 ? gh[k]! * keep[k]! : 0;
        }
        for (let c = 0; c < NUM_CLASSES; c++) gb2[c]! += p[c]!;
        for (let k = 0; k < H; k++) gb1[k]! += gh[k]!;
        for (let j = 0; j < inputs; j++) {
          const v = x[j]!;
          if (v === 0) continue;
          const o = j * H;
          for (let k = 0; k < H; k++) g1[o + k]! += v * gh[k]!;
        }
      }
      t++;
      const inv = 1 / (end - b);
      const c1 = 1 - 0.9 ** t;
      const c2 = 1 - 0.999 ** t;
      params.forEach((w, q) => {
        const g = grads[q]!;
        const mq = mom[q]!;
        const vq = vel[q]!;
        const l2 = decay[q]!;
        for (let j = 0; j < w.length; j++) {
          const gj = g[j]! * inv + l2 * w[j]!;
          mq[j] = 0.9 * mq[j]! + 0.1 * gj;
          vq[j] = 0.999 * vq[j]! + 0.001 * gj * gj;
          w[j]! -= (cfg.learningRate * mq[j]!) / c1 / (Math.sqrt(vq[j]! / c2) + 1e-8);
        }
      });
    }
    if (checkpoints.includes(e)) out.push({ ...m, w1: m.w1.slice(), b1: m.b1.slice(), w2: m.w2.slice(), b2: m.b2.slice() });
  }
  return out;
}

/** Weights as stored in fusion.json: 16-bit integers times one scale per array, base64 (a quarter of the JSON decimals' size). */
export interface StoredArray {
  scale: number;
  int16: string;
}

export function packArray(a: Float32Array): StoredArray {
  let max = 0;
  for (const v of a) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? max / 32767 : 1;
  const q = Int16Array.from(a, (v) => Math.round(v / scale));
  return { scale, int16: Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64') };
}

/** The floats of a stored array, or undefined when it is not `length` 16-bit values. */
export function unpackArray(s: StoredArray, length: number): Float32Array | undefined {
  if (typeof s?.int16 !== 'string' || !Number.isFinite(s.scale)) return undefined;
  const b = Buffer.from(s.int16, 'base64');
  if (b.length !== length * 2) return undefined;
  const q = new Int16Array(length);
  new Uint8Array(q.buffer).set(b);
  return Float32Array.from(q, (v) => v * s.scale);
}
