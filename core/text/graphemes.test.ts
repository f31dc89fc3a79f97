import { describe, expect, it } from 'vitest';
import { closeBidi, cutGraphemes, graphemes, hasLoneSurrogate } from './graphemes.ts';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('cutGraphemes', () => {
  const hard = ['👩‍👩‍👧‍👦', '🇨🇦', '👍🏽', 'e\u0301', 'é', 'ש', 'م', '&', '<', 'a'];

  it('never splits a cluster nor an escape, at every length, and stays within the budget', () => {
    for (let n = 1; n <= 40; n++) {
      const s = Array.from({ length: 30 }, (_, i) => hard[(i * 7 + n) % hard.length]).join('');
      for (let max = 1; max <= 60; max++) {
        const out = cutGraphemes(s, max, escapeHtml);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(hasLoneSurrogate(out)).toBe(false);
        expect(out).not.toMatch(/&(?!(amp|lt|gt);)/);
        const body = out.endsWith('…') ? out.slice(0, -1) : out;
        // What is kept is whole clusters of the original, escaped.
        const kept = graphemes(s).map(escapeHtml);
        let rest = body;
        for (const g of kept) {
          if (!rest.startsWith(g)) break;
          rest = rest.slice(g.length);
        }
        expect(rest).toBe('');
      }
    }
  });

  it('keeps a text that fits as it is and cuts long ones with an ellipsis', () => {
    expect(cutGraphemes('abc', 3)).toBe('abc');
    expect(cutGraphemes('abcd', 3)).toBe('ab…');
    expect(cutGraphemes('a <b>', 5, escapeHtml)).toBe('a…');
    // A ZWJ family is 11 UTF-16 units: kept whole or not at all.
    expect(cutGraphemes('👩‍👩‍👧‍👦👩‍👩‍👧‍👦', 12)).toBe('👩‍👩‍👧‍👦…');
    expect(cutGraphemes('👩‍👩‍👧‍👦👩‍👩‍👧‍👦', 11)).toBe('…');
    expect(cutGraphemes('x👩‍👩‍👧‍👦y', 13)).toBe('x👩‍👩‍👧‍👦y');
    expect(cutGraphemes('x👩‍👩‍👧‍👦yz', 13)).toBe('x👩‍👩‍👧‍👦…');
    expect(cutGraphemes('x👩‍👩‍👧‍👦yz', 12)).toBe('x…');
  });

  it('is exact on long Latin text past the fast path (boundary search)', () => {
    const s = `${'word '.repeat(2000)}e\u0301${'x'.repeat(100)}`;
    const out = cutGraphemes(s, 10_003);
    expect(out.length).toBeLessThanOrEqual(10_003);
    expect(out.endsWith('e\u0301…') || !out.includes('e\u0301')).toBe(true);
    expect(hasLoneSurrogate(cutGraphemes('🎉'.repeat(5000), 4999))).toBe(false);
  });
});

describe('cutGraphemes fast path', () => {
  /** The plain algorithm: segment everything, keep whole clusters while they fit. */
  function reference(s: string, max: number, encode: (g: string) => string): string {
    if (encode(s).length <= max) return encode(s);
    let out = '';
    for (const g of graphemes(s)) {
      const e = encode(g);
      if (out.length + e.length > max - 1) break;
      out += e;
    }
    return `${out.replace(/[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+$/u, '')}…`;
  }

  it('cuts exactly where the full segmentation would, on long mixed texts', () => {
    const parts = ['a', 'b', ' ', '&', '<', 'e\u0301', 'a\u0301\u0302', '👩‍👩‍👧‍👦', '🇨🇦', '👍🏽', 'ש', 'م', 'ก\u0e33', 'x\u200d', '#', '1'];
    let seed = 11;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 60; i++) {
      const s = Array.from({ length: 400 }, () => parts[Math.floor(rnd() * parts.length)]).join('');
      for (const max of [50, 123, 300, 301, 555]) expect(cutGraphemes(s, max, escapeHtml)).toBe(reference(s, max, escapeHtml));
    }
  });
});

describe('closeBidi', () => {
  it('closes overrides and isolates left open, leaves balanced text alone', () => {
    expect(closeBidi('\u202eexe.gnp')).toBe('\u202eexe.gnp\u202c');
    expect(closeBidi('\u2067abc')).toBe('\u2067abc\u2069');
    expect(closeBidi('\u202eabc\u202c')).toBe('\u202eabc\u202c');
    expect(closeBidi('plain')).toBe('plain');
  });
});
