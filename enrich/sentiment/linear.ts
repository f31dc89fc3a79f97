import type { Features } from './features.ts';

/** Class order of the model's outputs. */
export const CLASSES = ['negative', 'neutral', 'positive'] as const;
export const NUM_CLASSES = CLASSES.length;

/**
 * Class probabilities of a multinomial logistic regression over hashed features. `scale`
 * multiplies every weight: the model keeps its 16-bit weights as they are in the file (half the
 * memory of floats, so more of them stay in the CPU cache), training passes floats and 1.
 */
export function predictProba(weights: Float32Array | Int16Array, f: Features, out: Float64Array = new Float64Array(NUM_CLASSES), scale = 1): Float64Array {
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  const { idx, val, length } = f;
  for (let i = 0; i < length; i++) {
    const o = idx[i]! * NUM_CLASSES;
    const v = val[i]!;
    z0 += weights[o]! * v;
    z1 += weights[o + 1]! * v;
    z2 += weights[o + 2]! * v;
  }
  z0 *= scale;
  z1 *= scale;
  z2 *= scale;
  const m = Math.max(z0, z1, z2);
  const e0 = Math.exp(z0 - m);
  const e1 = Math.exp(z1 - m);
  const e2 = Math.exp(z2 - m);
  const s = e0 + e1 + e2;
  out[0] = e0 / s;
  out[1] = e1 / s;
  out[2] = e2 / s;
  return out;
}

/** Turns NUM_CLASSES scores into probabilities in place (softmax, shifted by the maximum so exp cannot overflow). */
export function softmaxInPlace(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < NUM_CLASSES; c++) max = Math.max(max, z[c]!);
  let s = 0;
  for (let c = 0; c < NUM_CLASSES; c++) s += z[c] = Math.exp(z[c]! - max);
  for (let c = 0; c < NUM_CLASSES; c++) z[c] = z[c]! / s;
  return z;
}
