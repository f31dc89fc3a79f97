import { describe, expect, it } from 'vitest';
import { encoderProbabilities, fuseProbabilities, fusionModel, fusionWidth } from './fusion.ts';
import { sentimentModel } from './model.ts';

describe('fusion of the fast model and the encoder model', () => {
  it('mixes in log space: alpha 0 is the fast model, 1 the encoder model, between leans by alpha', () => {
    const a = Float64Array.from([0.7, 0.2, 0.1]);
    const b = Float64Array.from([0.1, 0.3, 0.6]);
    const out = new Float64Array(3);
    expect(Array.from(fuseProbabilities(a, b, 0, out)).map((x) => x.toFixed(6))).toEqual(['0.700000', '0.200000', '0.100000']);
    expect(Array.from(fuseProbabilities(a, b, 1, out)).map((x) => x.toFixed(6))).toEqual(['0.100000', '0.300000', '0.600000']);
    const mid = fuseProbabilities(a, b, 0.5, out);
    expect(mid[0]! + mid[1]! + mid[2]!).toBeCloseTo(1, 12);
    // Geometric mean, renormalised: sqrt(.07) : sqrt(.06) : sqrt(.06).
    expect(mid[0]! / mid[2]!).toBeCloseTo(Math.sqrt(0.07 / 0.06), 9);
    // A zero probability does not make the fused one NaN.
    expect(Array.from(fuseProbabilities(Float64Array.from([1, 0, 0]), b, 0.4, out)).every(Number.isFinite)).toBe(true);
  });

  it('the committed model fits the fast model it was trained with and reads any language', () => {
    const { model, weights } = fusionModel();
    const fast = sentimentModel().header;
    expect(model.fast).toBe(`${fast.name}@${fast.version}`);
    expect(weights.length).toBe(3 * fusionWidth(model));
    expect(model.alpha).toBeGreaterThan(0);
    expect(model.alpha).toBeLessThan(1);
    const vec = new Float32Array(model.dim).fill(1 / Math.sqrt(model.dim));
    for (const lang of ['fr', 'en', 'nl', 'und']) {
      const p = encoderProbabilities(model, weights, vec, lang, new Float64Array(3));
      expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 9);
    }
  });
});
