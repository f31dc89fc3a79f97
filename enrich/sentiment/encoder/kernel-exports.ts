import { KERNEL_WASM } from './kernel.ts';

/**
 * The functions of kernel.wat, over one WebAssembly memory. Addresses, strides (`...s`) and
 * offsets are in bytes; widths (`n`, `k`) in float32 values, multiples of 4.
 */
export interface Kernel {
  /** y[t] += x[t] · W for t < count; W row-major k × n. */
  mulAdd(xp: number, xs: number, count: number, wp: number, k: number, n: number, yp: number, ys: number): void;
  /** y[t] = b for t < count. */
  fillRows(yp: number, ys: number, count: number, bp: number, n: number): void;
  /** y[t] = ReLU(y[t]) + h[t] for t < count. */
  reluAdd(yp: number, ys: number, hp: number, hs: number, count: number, n: number): void;
  /**
   * h[t] = ReLU(b + Σ_j P[slot[t - left + j]] at po + j·n) + X[slot[t]] at xo, for t < count and
   * j < order, sources outside [0, count) skipped; slot[] is an Int32Array at sp.
   */
  firstConv(hp: number, hs: number, count: number, sp: number, order: number, left: number, pp: number, ps: number, po: number, xp: number, xs: number, xo: number, bp: number, n: number): void;
  /** dst[t] = n values of cache row slot[t], for t < count. */
  gatherRows(dp: number, ds: number, count: number, sp: number, cp: number, cs: number, n: number): void;
  /** Layer normalisation of count rows (gain at gp, bias at bp): in place when sump is 0, else added to the row at sump. */
  layerNorm(xp: number, xs: number, count: number, n: number, gp: number, bp: number, eps: number, sump: number): void;
}

const module = new WebAssembly.Module(Buffer.from(KERNEL_WASM, 'base64'));

/** The kernel over `memory`. */
export function instantiateKernel(memory: WebAssembly.Memory): Kernel {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Kernel;
}
