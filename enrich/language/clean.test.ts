import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mayHaveElongation, mayHaveEmoji, stripNoise, withoutHashtags } from './clean.ts';

// stripNoise before the cheap pre-checks: every pattern applied whenever its marker was present,
// EMOJI on any non-ASCII text and ELONGATION on every text. The output must not change.
const URL = /\b(?:https?:\/\/|www\.)\S+|\bhttps?\b(?!:\/\/)|\b[\w.+-]+@[\w-]+\.[\w.-]+/giu;
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{1F1E6}-\u{1F1FF}\u200d\ufe0f\u20e3]/gu;
function reference(text: string): string {
  let clean = text;
  if (/http|www\.|@/i.test(clean)) clean = clean.replace(URL, ' ');
  if (clean.includes('@')) clean = clean.replace(/(?<![\p{L}\p{N}_])@[\p{L}\p{N}_]+/gu, ' ');
  if (clean.includes('&')) clean = clean.replace(/&(?:[a-z]{2,8}|#\d{1,6}|#x[\da-f]{1,5});/giu, ' ');
  if (/[^\x00-\x7f]/.test(clean)) clean = clean.replace(EMOJI, ' ');
  if (clean.includes('RT')) clean = clean.replace(/^\s*RT\b:?/u, ' ');
  if (clean.includes('#')) clean = clean.replace(/#([\p{L}\p{N}_]+)/gu, (_, tag: string) => ` ${tag.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')} `);
  return clean.replace(/(\p{L})\1{3,}/gu, '$1').replace(/(\p{L})\1{2}/gu, '$1$1');
}

/** Deterministic strings mixing what each pattern and pre-check looks at. */
function randomStrings(n: number): string[] {
  const pieces = ['a', 'é', 'É', 'ß', 'z', 'Z', ' ', '!', '.', '’', '«', '»', '©', '™', '€', '😀', '👍🏽', '🇫🇷', '\u200d', '\ufe0f', '1\u20e3', '𝐀', '𝐀𝐀', '\ud835', 'ooo', 'éé', '#', '@', 'http', '://', 'www.', '&amp;', '&#39;', 'RT', ':', '_', '中', '〰', '\u3030'];
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = '';
    const len = Math.floor(next() * 30);
    for (let j = 0; j < len; j++) s += pieces[Math.floor(next() * pieces.length)];
    out.push(s);
  }
  return out;
}

const here = dirname(fileURLToPath(import.meta.url));
const langidDir = join(resolve(process.env.VIGIE_SHARED_DATA ?? join(here, '..', '..', '..', 'shared', 'data')), 'langid');

describe('stripNoise pre-checks', () => {
  it('catch every BMP code point EMOJI matches (ICU updates included)', () => {
    const one = new RegExp(EMOJI.source, 'u');
    for (let c = 0; c < 0x10000; c++) {
      const s = String.fromCharCode(c);
      if (one.test(s)) expect(mayHaveEmoji(s), c.toString(16)).toBe(true);
    }
    expect(mayHaveEmoji("L'été à Montréal, « c’est chaud »")).toBe(false);
  });

  it('find three identical code points, astral ones included', () => {
    expect(mayHaveElongation('trooop')).toBe(true);
    expect(mayHaveElongation('𝐀𝐀𝐀')).toBe(true);
    expect(mayHaveElongation('𝐀𝐀b')).toBe(false);
    expect(mayHaveElongation('aab bba')).toBe(false);
    expect(stripNoise('trooop 𝐀𝐀𝐀𝐀 𝐀𝐀𝐀')).toBe('troop 𝐀 𝐀𝐀');
  });

  it('leave the output of the regex-only version unchanged on random strings', () => {
    for (const s of randomStrings(20_000)) expect(stripNoise(s), JSON.stringify(s)).toBe(reference(s));
  });

  it.skipIf(!existsSync(langidDir))('leave it unchanged on the language dev sets', () => {
    let n = 0;
    for (const file of ['sentences.dev.tsv', 'tweets.dev.tsv', 'wordpairs.dev.tsv', 'words.dev.tsv']) {
      for (const line of readFileSync(join(langidDir, file), 'utf8').split('\n').slice(1)) {
        const text = line.slice(line.indexOf('\t') + 1);
        expect(stripNoise(text), text).toBe(reference(text));
        n++;
      }
    }
    expect(n).toBeGreaterThan(40_000);
  });
});

describe('stripNoise elongations', () => {
  it('make four or more of a letter one, and three two', () => {
    expect(stripNoise('Que agoniiiiia, DAIIIIIII siii')).toBe('Que agonia, DAI sii');
    expect(stripNoise('Schifffahrt xxiii cool')).toBe('Schiffahrt xxii cool');
  });
});

describe('withoutHashtags', () => {
  it('removes hashtags whole, whatever their script', () => {
    expect(withoutHashtags('مدينة #حلب اليوم#Aleppo #Syria_2016 ok')).toBe('مدينة   اليوم    ok');
    expect(withoutHashtags('no tags # here')).toBe('no tags # here');
  });
});
