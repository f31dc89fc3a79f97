import type { SentimentLabel } from '../../core/mention.ts';
import { analyse } from './analyse.ts';
import { extractFeatures } from './features.ts';
import { NUM_CLASSES, predictProba } from './linear.ts';
import { sentimentModel } from './model.ts';

export interface SentimentResult {
  /** P(positive) − P(negative), in [-1, 1]. */
  score: number;
  label: SentimentLabel;
  /** Probability of the label. */
  confidence: number;
  /** Name and version of what decided. */
  method: string;
}

/** Languages with lexicons and hand-made rules; the model also has training data for all but nl. */
export const SENTIMENT_LANGUAGES: readonly string[] = ['fr', 'en', 'es', 'de', 'it', 'pt', 'nl', 'ar'];
const SUPPORTED = new Set(SENTIMENT_LANGUAGES);
export const METHOD_EMOJI = 'vigie-emoji-rules@1.0.0';
/**
 * Only the start of a long text is scored (the model is trained on tweets; a whole article would
 * cost time in proportion to its length on the stream's hot path).
 */
const MAX_CHARS = 5000;
/** Below this, a rule-only score is neutral. */
const EMOJI_NEUTRAL_BAND = 0.2;

const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];
const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const probs = new Float64Array(NUM_CLASSES);

/**
 * Sentiment of a short text in a language: the linear model (hashed words, bigrams, character
 * n-grams, lexicon/negation/contrast/emoji cues) for the supported languages; for any other
 * language (`und` included) only emoji and emoticons, which carry across languages. Reads the first 5,000 characters. Never throws
 * on text; an empty or signal-less text is neutral with low confidence.
 */
export function analyzeSentiment(text: string, lang: string): SentimentResult {
  const supported = SUPPORTED.has(lang);
  const input = typeof text !== 'string' ? '' : text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  const a = analyse(input, supported ? lang : 'und');
  if (!supported) {
    const s = a.ruleScore;
    const label: SentimentLabel = s > EMOJI_NEUTRAL_BAND ? 'positive' : s < -EMOJI_NEUTRAL_BAND ? 'negative' : 'neutral';
    return { score: round3(s), label, confidence: round3(label === 'neutral' ? 0.5 : 0.5 + Math.abs(s) / 2), method: METHOD_EMOJI };
  }
  const { header, weights, scale } = sentimentModel();
  predictProba(weights, extractFeatures(a, lang, header.spec), probs, scale);
  return resultOf(probs, `${header.name}@${header.version}`);
}

/**
 * The fast model's class probabilities (negative, neutral, positive) into `out`, for a supported
 * language; false, `out` untouched, for any other.
 */
export function fastProbabilities(text: string, lang: string, out: Float64Array): boolean {
  if (!SUPPORTED.has(lang)) return false;
  const input = typeof text !== 'string' ? '' : text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  const { header, weights, scale } = sentimentModel();
  predictProba(weights, extractFeatures(analyse(input, lang), lang, header.spec), out, scale);
  return true;
}

/** The result for class probabilities: the most probable label, P(positive) − P(negative). */
export function resultOf(p: Float64Array, method: string): SentimentResult {
  const k = p[0]! >= p[1]! && p[0]! >= p[2]! ? 0 : p[1]! >= p[2]! ? 1 : 2;
  return {
    score: round3(Math.max(-1, Math.min(1, p[2]! - p[0]!))),
    label: LABELS[k]!,
    confidence: round3(p[k]!),
    method,
  };
}
