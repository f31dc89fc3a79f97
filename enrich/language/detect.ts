import { francAll } from 'franc';
import { stripNoise, withoutHashtags } from './clean.ts';
import { compileEldModel, ELD_LANGUAGES, type EldModel } from './eld-model.ts';
import { eldScores } from './eld-score.ts';
import { FRANC_CODE, FROM_FRANC, NON_LATIN_SCRIPT } from './iso.ts';
import { NAMING_SCRIPTS, countScripts, namingScript, oneSyllable, type OtherScript, type ScriptCounts } from './script.ts';
import { compileWordModel, type WordModel } from './words.ts';

/** A detected language: ISO 639-1 code or `und`, confidence in [0, 1], and how it was decided. */
export interface LanguageGuess {
  code: string;
  confidence: number;
  method: string;
}

export interface DetectOptions {
  /**
   * ISO 639-1 codes to choose among; the answer is one of them or `und`, except for a text in a
   * script that names its language (script.ts NAMING_SCRIPTS: Hebrew, Greek, Thai...), which gets it.
   */
  candidates: readonly string[];
  /** Language the source declares (ISO 639-1), used as a prior when the text is ambiguous. */
  declared?: string | undefined;
}

export const METHOD_ELD = 'eld-2.1.0';
/** ELD's n-grams and the word frequencies of words.txt together. */
export const METHOD_ELD_WORDS = 'eld-2.1.0+wordfreq-3.1.1';
export const METHOD_FRANC = 'franc-6.2.0';
export const METHOD_SCRIPT = 'script';
export const METHOD_DECLARED = 'declared';
export const METHOD_NONE = 'no-signal';

/**
 * Only the start of a long text is read: ELD scores at most ~350 bytes of words anyway, and the
 * noise removal before it should not cost time in proportion to a whole article.
 */
const MAX_CHARS = 4000;
/** Fewer letters than this (after removing URLs, handles, emoji) is no signal at all. */
const MIN_LETTERS = 2;
/**
 * Bonus, in ELD score per n-gram, given to the declared language. ELD's per-n-gram averages of
 * the top two candidates differ by ~20-60 on real sentences and by a few points on two-word
 * texts, to which word evidence adds tens, so this only decides near ties. Dev word pairs with
 * every row declared right: 96.3% (94.5% with none); declared wrong: 94.1%.
 */
const DECLARED_BONUS = 6;

const UND_NO_SIGNAL: LanguageGuess = Object.freeze({ code: 'und', confidence: 0, method: METHOD_NONE });

type Script = 'latin' | 'arabic' | OtherScript;
const scriptOf = (code: string): Script => NON_LATIN_SCRIPT[code] ?? 'latin';

/** The script most of the non-Latin, non-Arabic letters are in. */
function mainOtherScript(c: ScriptCounts): OtherScript {
  let best: OtherScript = 'misc';
  let most = 0;
  for (const [s, n] of Object.entries(c.scripts ?? {}) as Array<[OtherScript, number]>) {
    if (n > most) {
      most = n;
      best = s;
    }
  }
  return best;
}

/** Candidates written in `script`: a kanji-only text may be Japanese as well as Chinese. */
function writtenIn(c: string, script: Script): boolean {
  const own = scriptOf(c);
  return own === script || (script === 'han' && own === 'kana');
}
/** ELD calls Norwegian Bokmål `no`. */
const toEld = (code: string): string => (code === 'nb' || code === 'nn' ? 'no' : code);
const eldLanguages = new Set(ELD_LANGUAGES);

interface PoolModel {
  eld: EldModel;
  /** Absent when words.txt does not cover every candidate of the pool: n-grams alone then. */
  words: WordModel | undefined;
}

const models = new Map<string, PoolModel>();

/** One compiled model per candidate set, built on first use and kept for the life of the process. */
function modelFor(pool: readonly string[]): PoolModel {
  const key = pool.join(',');
  let model = models.get(key);
  if (!model) {
    model = { eld: compileEldModel(pool.map(toEld)), words: compileWordModel(pool) };
    models.set(key, model);
  }
  return model;
}

/** Loads the model for a candidate set now rather than on the first mention. */
export function warmUpLanguageModel(candidates: readonly string[]): void {
  const pool = normalizeCandidates(candidates).filter((c) => scriptOf(c) === 'latin');
  if (pool.length > 1 && pool.every((c) => eldLanguages.has(toEld(c)))) modelFor(pool);
}

const normalized = new WeakMap<readonly string[], { seen: string[]; out: string[] }>();

/**
 * Deduplicated, lowercase, sorted. Cached per array (the enricher passes the same one every time),
 * checked against a copy of its elements so a caller that changes its array gets a fresh answer.
 */
function normalizeCandidates(candidates: readonly string[]): string[] {
  const hit = normalized.get(candidates);
  if (hit && hit.seen.length === candidates.length && hit.seen.every((c, i) => c === candidates[i])) return hit.out;
  const out = [...new Set(candidates.map((c) => c.trim().toLowerCase()).filter((c) => c.length > 0))].sort();
  normalized.set(candidates, { seen: [...candidates], out });
  return out;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** Turns the per-n-gram score margin between the two best candidates into a confidence. */
function confidenceOf(margin: number, ngrams: number): number {
  const separation = 1 - Math.exp(-margin / 12);
  const evidence = 1 - Math.exp(-ngrams / 4);
  return Math.round(clamp01(0.34 + 0.66 * separation * evidence) * 1000) / 1000;
}

function pickScored(pool: readonly string[], text: string, declared: string | undefined): LanguageGuess {
  if (!pool.every((c) => eldLanguages.has(toEld(c)))) return pickWithFranc(pool, text, declared);
  const model = modelFor(pool);
  const { sums, ngrams, words } = eldScores(model.eld, text, model.words);
  let best = -1;
  let bestScore = 0;
  let second = 0;
  for (let i = 0; i < pool.length; i++) {
    if (sums[i]! <= 0 && words[i]! <= 0) continue;
    // ELD's mean n-gram score plus the words' frequency evidence, one point per tenth of a Zipf
    // unit: a word 10 times more frequent in one language moves the score by 10, which on
    // sentences (margins of 20-60 and many words) changes little, on two words decides.
    const score = (sums[i]! > 0 ? sums[i]! / ngrams : 0) + words[i]! + (pool[i] === declared ? DECLARED_BONUS : 0);
    if (score > bestScore) {
      second = bestScore;
      bestScore = score;
      best = i;
    } else if (score > second) {
      second = score;
    }
  }
  if (best < 0) {
    return declared !== undefined && pool.includes(declared)
      ? { code: declared, confidence: 0.3, method: METHOD_DECLARED }
      : { code: 'und', confidence: 0.1, method: METHOD_ELD };
  }
  return { code: pool[best]!, confidence: confidenceOf(bestScore - second, ngrams), method: model.words ? METHOD_ELD_WORDS : METHOD_ELD };
}

/** For candidate sets ELD does not cover: franc restricted to the candidates. */
function pickWithFranc(pool: readonly string[], text: string, declared: string | undefined): LanguageGuess {
  const only = pool.map((c) => FRANC_CODE[c]).filter((c): c is string => c !== undefined);
  const ranked = francAll(text, { only, minLength: 3 });
  const [first, next] = ranked;
  if (!first || first[0] === 'und') {
    return declared !== undefined && pool.includes(declared)
      ? { code: declared, confidence: 0.3, method: METHOD_DECLARED }
      : { code: 'und', confidence: 0.1, method: METHOD_FRANC };
  }
  const code = FROM_FRANC[first[0]] ?? 'und';
  // francAll scores the best as 1 and the others relative to it.
  const margin = 1 - (next?.[1] ?? 0);
  if (declared !== undefined && declared !== code && pool.includes(declared) && margin < 0.05) {
    return { code: declared, confidence: 0.4, method: METHOD_DECLARED };
  }
  return { code, confidence: Math.round((0.34 + 0.66 * clamp01(margin * 5)) * 1000) / 1000, method: METHOD_FRANC };
}

/**
 * Picks the language of a text among the candidates. URLs, handles, emoji and the `#` of hashtags
 * are ignored; the dominant writing system narrows the candidates (Arabic script → `ar` when it is
 * the only Arabic-script candidate; letters essentially all in a script one language is written in
 * name that language, listed or not); ELD's n-gram scores and the words' frequencies (words.ts)
 * decide among the rest, with the declared language as a prior. Text with no signal gives `und` with confidence 0; reads the first 4,000 characters; never throws.
 */
export function detectLanguage(text: string, opts: DetectOptions): LanguageGuess {
  const candidates = normalizeCandidates(opts.candidates);
  if (candidates.length === 0 || typeof text !== 'string') return UND_NO_SIGNAL;
  const declared = opts.declared?.trim().toLowerCase().slice(0, 2);
  const head = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  let clean = stripNoise(head);
  let counts = countScripts(clean);
  if (counts.letters < MIN_LETTERS && !oneSyllable(counts)) return UND_NO_SIGNAL;
  // Hashtags are often in another script than the post (an Arabic tweet tagged #Aleppo #Syria
  // #PutinAssadCrimes): when they alone give the Latin script the majority, the rest decides.
  if (counts.arabic + counts.other > 0 && counts.latin >= counts.arabic + counts.other && head.includes('#')) {
    const untagged = countScripts(stripNoise(withoutHashtags(head)));
    if (untagged.letters >= MIN_LETTERS && untagged.latin < untagged.arabic + untagged.other) counts = untagged;
  }

  // Letters essentially all in a script one language is written in (Hebrew, Greek, Thai, Hangul,
  // kana...) name that language, however short the text: n-grams have little to go on in a
  // two-word title, the script has all it needs. Listed among the candidates or not: no other
  // language could be meant, and `und` would lose what the letters say.
  const named = namingScript(counts);
  if (named) {
    const listed = named.languages.filter((l) => candidates.includes(l));
    // Two candidates share the script (Hebrew and Yiddish): the detector tells them apart.
    if (listed.length > 1) return pickScored(listed, clean, declared);
    return { code: listed[0] ?? named.languages[0]!, confidence: Math.round((0.9 + 0.5 * (named.share - 0.8)) * 1000) / 1000, method: METHOD_SCRIPT };
  }

  let script: Script = 'latin';
  if (counts.arabic > counts.latin && counts.arabic >= counts.other) script = 'arabic';
  else if (counts.other > counts.latin && counts.other > counts.arabic) script = mainOtherScript(counts);
  let pool = candidates.filter((c) => writtenIn(c, script));
  // Most letters in a script that names a language none of the candidates is written in (a Greek
  // sentence around a Latin brand name): that language, less sure than when the letters are all its own.
  if (pool.length === 0 && script !== 'latin' && script !== 'arabic') pool = NAMING_SCRIPTS[script]?.slice(0, 1) ?? [];
  if (pool.length === 0) return { code: 'und', confidence: 0.2, method: METHOD_SCRIPT };
  if (pool.length === 1) {
    // The script leaves one candidate: a Latin-script text may still be in a language not listed.
    const share = (script === 'arabic' ? counts.arabic : script === 'latin' ? counts.latin : counts.other) / counts.letters;
    const certainty = script === 'latin' ? 0.5 : 1;
    return { code: pool[0]!, confidence: Math.round(clamp01(0.5 * certainty + 0.5 * certainty * share) * 1000) / 1000, method: METHOD_SCRIPT };
  }
  // Arabic presentation forms (U+FB50–U+FEFF) only match ELD's n-grams once NFKC-normalised.
  if (counts.arabic > 0) clean = clean.normalize('NFKC');
  return pickScored(pool, clean, declared);
}
