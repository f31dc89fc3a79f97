import { describe, expect, it } from 'vitest';
import { isVigieError } from '../../core/errors.ts';
import { encoderProbabilities, fuseProbabilities, fusionModel, fusionWidth, toFusion, type FusionModel } from './fusion.ts';
import { mlpScores, packArray, trainMlp, unpackArray } from './mlp.ts';
import { sentimentModel } from './model.ts';

/** A small fusion file: dim 4, two languages, regression weights and, when asked, a network of 3 units. */
function smallModel(withMlp: boolean): FusionModel {
  const dim = 4;
  const languages = ['fr', 'en'];
  const width = fusionWidth({ dim, languages });
  const weights = Array.from({ length: 3 * width }, (_, i) => ((i * 7) % 5) / 10 - 0.2);
  const inputs = dim + languages.length;
  const w1 = Float32Array.from({ length: inputs * 3 }, (_, i) => ((i * 3) % 7) / 7 - 0.4);
  return {
    format: 2, name: 'test-fused', version: '0.0.1', fast: 'test@0', encoder: { package: 'p', version: '0', sha256: '0' },
    dim, languages, alpha: 0.4, weights,
    mlp: withMlp ? { hidden: 3, w1: packArray(w1), b1: [0.1, -0.1, 0], w2: [0.3, -0.2, 0.1, -0.4, 0.5, 0.2, 0.1, 0.1, -0.3], b2: [0, 0.1, -0.1] } : null,
    trainedOn: [], hyper: {}, cv: {},
  };
}

const invalid = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (isVigieError(e)) return e.code;
    throw e;
  }
  return 'no error';
};

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

  it('the encoder model with a network is the renormalised geometric mean of its two heads', () => {
    const withNet = toFusion(smallModel(true), 'test');
    const alone = toFusion(smallModel(false), 'test');
    const vec = Float32Array.from([0.5, -0.5, 0.5, 0.5]);
    const lr = encoderProbabilities(alone, vec, 'en', new Float64Array(3));
    // The network's own probabilities, on the same input row: [vec · √dim, one-hot language].
    const x = Float32Array.from([1, -1, 1, 1, 0, 1]);
    const z = mlpScores(withNet.mlp!, x, new Float64Array(3));
    const s = Math.exp(z[0]!) + Math.exp(z[1]!) + Math.exp(z[2]!);
    const net = Float64Array.from(z, (v) => Math.exp(v) / s);
    const expected = fuseProbabilities(lr, net, 0.5, new Float64Array(3));
    const got = encoderProbabilities(withNet, vec, 'en', new Float64Array(3));
    for (let c = 0; c < 3; c++) expect(got[c]!).toBeCloseTo(expected[c]!, 6);
    // A language it was not trained on gets no language input and still sums to one.
    const und = encoderProbabilities(withNet, vec, 'und', new Float64Array(3));
    expect(und[0]! + und[1]! + und[2]!).toBeCloseTo(1, 9);
    expect(Array.from(und)).not.toEqual(Array.from(got));
  });

  it('rejects a fusion file of another format or with heads of the wrong size', () => {
    expect(invalid(() => toFusion({ ...smallModel(true), format: 1 } as unknown as FusionModel, 'x'))).toBe('ERR_ENRICH_MODEL_INVALID');
    expect(invalid(() => toFusion({ ...smallModel(true), weights: [1, 2, 3] }, 'x'))).toBe('ERR_ENRICH_MODEL_INVALID');
    const m = smallModel(true);
    expect(invalid(() => toFusion({ ...m, mlp: { ...m.mlp!, hidden: 4 } }, 'x'))).toBe('ERR_ENRICH_MODEL_INVALID');
    expect(invalid(() => toFusion({ ...m, mlp: { ...m.mlp!, w1: { scale: 1, int16: 'AAAA' } } }, 'x'))).toBe('ERR_ENRICH_MODEL_INVALID');
    expect(invalid(() => toFusion({ ...m, alpha: 2 }, 'x'))).toBe('ERR_ENRICH_MODEL_INVALID');
    expect(invalid(() => toFusion(m, 'x'))).toBe('no error');
  });

  it('the committed model fits the fast model it was trained with, carries its CV figures and reads any language', () => {
    const fusion = fusionModel();
    const { model, weights } = fusion;
    const fast = sentimentModel().header;
    expect(model.fast).toBe(`${fast.name}@${fast.version}`);
    expect(weights.length).toBe(3 * fusionWidth(model));
    expect(model.alpha).toBeGreaterThan(0);
    expect(model.alpha).toBeLessThan(1);
    expect(Object.keys(model.cv).sort()).toEqual([...model.languages].sort());
    const vec = new Float32Array(model.dim).fill(1 / Math.sqrt(model.dim));
    for (const lang of ['fr', 'en', 'nl', 'und']) {
      const p = encoderProbabilities(fusion, vec, lang, new Float64Array(3));
      expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 9);
    }
  });
});

describe('the network head', () => {
  it('learns a class that no linear model can separate (XOR of two inputs), the same on every run', () => {
    // Class 2 when exactly one of the two inputs is on, class 0 otherwise: not linearly separable.
    const rows = [[0, 0], [1, 0], [0, 1], [1, 1]];
    const ys = [0, 2, 2, 0];
    const n = 400;
    const row = (i: number, x: Float32Array): void => x.set(rows[i % 4]!);
    const labels = Array.from({ length: n }, (_, i) => ys[i % 4]!);
    const cfg = { hidden: 16, l2: 0, dropout: 0, learningRate: 0.01, batch: 8, seed: 7 };
    const [early, late] = trainMlp(n, 2, row, labels, cfg, [1, 40]);
    const predict = (m: typeof late, r: number[]): number => {
      const z = mlpScores(m!, Float32Array.from(r), new Float64Array(3));
      return z.indexOf(Math.max(...z));
    };
    expect(rows.map((r) => predict(late, r))).toEqual(ys);
    expect(early!.w1).not.toEqual(late!.w1);
    const [again] = trainMlp(n, 2, row, labels, cfg, [40]);
    expect(Array.from(again!.w1)).toEqual(Array.from(late!.w1));
  });

  it('dropout and L2 train without blowing up', () => {
    const row = (i: number, x: Float32Array): void => x.set([i % 3 === 0 ? 1 : 0, i % 3 === 1 ? 1 : 0, i % 3 === 2 ? 1 : 0]);
    const [m] = trainMlp(300, 3, row, Array.from({ length: 300 }, (_, i) => i % 3), { hidden: 8, l2: 1e-2, dropout: 0.5, learningRate: 0.01, batch: 16, seed: 1 }, [20]);
    expect(Array.from(m!.w1).every(Number.isFinite)).toBe(true);
    for (let c = 0; c < 3; c++) {
      const z = mlpScores(m!, Float32Array.from([0, 1, 2].map((j) => (j === c ? 1 : 0))), new Float64Array(3));
      expect(z.indexOf(Math.max(...z))).toBe(c);
    }
  });

  it('packs weights into 16 bits within half a step, and refuses a wrong length', () => {
    const a = Float32Array.from([0, 1.5, -3, 0.001, 2.25]);
    const p = packArray(a);
    const b = unpackArray(p, a.length)!;
    a.forEach((v, i) => expect(Math.abs(b[i]! - v)).toBeLessThanOrEqual(p.scale / 2 + 1e-9));
    expect(b[2]).toBeCloseTo(-3, 6);
    expect(unpackArray(p, a.length + 1)).toBeUndefined();
    expect(unpackArray({ scale: Number.NaN, int16: p.int16 }, a.length)).toBeUndefined();
    expect(Array.from(unpackArray(packArray(new Float32Array(3)), 3)!)).toEqual([0, 0, 0]);
  });
});
