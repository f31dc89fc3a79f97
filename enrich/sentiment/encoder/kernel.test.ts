import { describe, expect, it } from 'vitest';
import { instantiateKernel } from './kernel-exports.ts';
import { TokenCache } from './token-cache.ts';

/** A kernel over a fresh memory, with a bump allocator of float32 views (16-byte aligned). */
function setup() {
  const memory = new WebAssembly.Memory({ initial: 64 });
  const kernel = instantiateKernel(memory);
  let at = 0;
  let seed = 12345;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  const floats = (n: number, fill = true): Float32Array => {
    const v = new Float32Array(memory.buffer, at, n);
    at += Math.ceil(n / 4) * 16;
    if (fill) for (let i = 0; i < n; i++) v[i] = rand();
    return v;
  };
  const ints = (values: number[]): Int32Array => {
    const v = new Int32Array(memory.buffer, at, values.length);
    at += Math.ceil(values.length / 4) * 16;
    v.set(values);
    return v;
  };
  return { kernel, floats, ints };
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5): void => {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  expect(worst).toBeLessThan(tol);
};

describe('encoder kernel (kernel.wat)', () => {
  // Widths that take every path: 16-column tiles, 4-column remainders, odd row counts, k over a 256-row panel.
  it.each([
    [1, 4, 4],
    [2, 8, 20],
    [3, 12, 48],
    [7, 300, 36],
    [27, 256, 256],
    [4, 1280, 32],
  ])('mulAdd: y += x · W for %i rows, k %i, n %i, with strides, as a plain loop', (count, k, n) => {
    const { kernel, floats } = setup();
    const xs = k + 4;
    const ys = n + 8;
    const x = floats(count * xs);
    const w = floats(k * n);
    const y = floats(count * ys);
    const want = Float64Array.from(y);
    for (let t = 0; t < count; t++) for (let r = 0; r < k; r++) for (let q = 0; q < n; q++) want[t * ys + q] = want[t * ys + q]! + x[t * xs + r]! * w[r * n + q]!;
    kernel.mulAdd(x.byteOffset, xs * 4, count, w.byteOffset, k, n, y.byteOffset, ys * 4);
    close(y, want, 1e-4);
    // The gaps between rows are left alone.
    for (let t = 0; t < count; t++) for (let q = n; q < ys; q++) expect(y[t * ys + q]).toBe(Math.fround(want[t * ys + q]!));
  });

  it('fillRows, reluAdd and gatherRows', () => {
    const { kernel, floats, ints } = setup();
    const b = floats(8);
    const y = floats(3 * 12);
    kernel.fillRows(y.byteOffset, 48, 3, b.byteOffset, 8);
    for (let t = 0; t < 3; t++) expect(Array.from(y.subarray(t * 12, t * 12 + 8))).toEqual(Array.from(b));
    const h = floats(3 * 8);
    const before = Float32Array.from(y);
    kernel.reluAdd(y.byteOffset, 48, h.byteOffset, 32, 3, 8);
    for (let t = 0; t < 3; t++) for (let q = 0; q < 8; q++) expect(y[t * 12 + q]).toBe(Math.fround(Math.max(0, before[t * 12 + q]!) + h[t * 8 + q]!));
    const cache = floats(5 * 8);
    const slots = ints([4, 0, 4]);
    const dst = floats(3 * 8, false);
    kernel.gatherRows(dst.byteOffset, 32, 3, slots.byteOffset, cache.byteOffset, 32, 8);
    expect(Array.from(dst)).toEqual([...cache.subarray(32, 40), ...cache.subarray(0, 8), ...cache.subarray(32, 40)]);
  });

  it('firstConv: ReLU(b + the cached products of the window) + the token row, zero outside the sentence', () => {
    const { kernel, floats, ints } = setup();
    const n = 8;
    const order = 3;
    const left = 1;
    const T = 4;
    // Cache rows: 2 unrelated floats, then `order` products of n, per slot; X rows: 4 floats then n.
    const ps = 2 + order * n;
    const xs = 4 + n;
    const P = floats(6 * ps);
    const X = floats(6 * xs);
    const b = floats(n);
    const slots = ints([5, 2, 5, 0]);
    const h = floats(T * n, false);
    kernel.firstConv(h.byteOffset, n * 4, T, slots.byteOffset, order, left, P.byteOffset, ps * 4, 8, X.byteOffset, xs * 4, 16, b.byteOffset, n);
    const want: number[] = [];
    for (let t = 0; t < T; t++) {
      for (let q = 0; q < n; q++) {
        let v = b[q]!;
        for (let j = 0; j < order; j++) {
          const src = t - left + j;
          if (src >= 0 && src < T) v += P[slots[src]! * ps + 2 + j * n + q]!;
        }
        want.push(Math.max(0, v) + X[slots[t]! * xs + 4 + q]!);
      }
    }
    close(h, want);
  });

  it('layerNorm: in place, or summed over rows without storing them', () => {
    const { kernel, floats } = setup();
    const n = 20;
    const x = floats(3 * 24);
    const g = floats(n);
    const b = floats(n);
    const want: number[][] = [];
    for (let t = 0; t < 3; t++) {
      const row = Array.from(x.subarray(t * 24, t * 24 + n));
      const mean = row.reduce((s, v) => s + v, 0) / n;
      const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
      want.push(row.map((v, q) => ((v - mean) / Math.sqrt(variance + 1e-6)) * g[q]! + b[q]!));
    }
    const sum = floats(n, false);
    kernel.layerNorm(x.byteOffset, 96, 3, n, g.byteOffset, b.byteOffset, 1e-6, sum.byteOffset);
    close(sum, want[0]!.map((_, q) => want[0]![q]! + want[1]![q]! + want[2]![q]!));
    kernel.layerNorm(x.byteOffset, 96, 3, n, g.byteOffset, b.byteOffset, 1e-6, 0);
    for (let t = 0; t < 3; t++) close(x.subarray(t * 24, t * 24 + n), want[t]!);
  });
});

describe('token cache (CLOCK)', () => {
  it('keeps a token used again while the hand goes round, evicts the ones used once', () => {
    const cache = new TokenCache(4);
    const slots = new Int32Array(4);
    const fresh: number[] = [];
    const freshSlots: number[] = [];
    cache.assign([7, 8, 7], slots, fresh, freshSlots);
    expect(fresh).toEqual([7, 8]);
    expect([slots[0], slots[2]]).toEqual([freshSlots[0], freshSlots[0]]);
    for (const id of [9, 10, 11, 12, 13]) {
      fresh.length = 0;
      cache.assign([7, id], slots, fresh, freshSlots);
      // 7 is used by every sentence: never computed again.
      expect(fresh).toEqual([id]);
    }
    expect(cache.misses).toBe(7);
  });

  it('never gives two tokens of one sentence the same slot, even when all must be evicted', () => {
    const cache = new TokenCache(4);
    const slots = new Int32Array(3);
    cache.assign([1, 2, 3], slots, [], []);
    const fresh: number[] = [];
    cache.assign([4, 5, 6], slots, fresh, []);
    expect(fresh).toEqual([4, 5, 6]);
    expect(new Set(slots).size).toBe(3);
    cache.assign([6, 4, 5], slots, (fresh.length = 0, fresh), []);
    expect(fresh).toEqual([]);
    expect(() => cache.assign([1, 2, 3, 4], new Int32Array(4), [], [])).toThrow(RangeError);
  });
});
