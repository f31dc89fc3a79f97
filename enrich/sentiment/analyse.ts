import { emojiPolarity, lexiconFor, type WordInfo } from './lexicon.ts';
import { Kind, tokenize, type Token } from './tokenize.ts';

/** Token kinds as plain constants: read through the module binding on every token they cost a getter call under tsx. */
const PUNCT = Kind.Punct;
const WORD = Kind.Word;
const EMOJI = Kind.Emoji;
const EMOTICON = Kind.Emoticon;

/** What the lexicon rules found in one text; also the dense features of the learned model. */
export interface Analysis {
  tokens: Token[];
  /** 1 where the token lies in a negation's scope. */
  negated: Uint8Array;
  hashtags: string[];
  /** Weighted sums of positive and negative word polarities (negation, modifiers, caps, contrast applied). */
  pos: number;
  neg: number;
  emojiPos: number;
  emojiNeg: number;
  /** Sentiment words found, and how many of them were negated. */
  hits: number;
  negatedHits: number;
  exclamations: number;
  questions: number;
  capsWords: number;
  elongatedWords: number;
  /** A contrast marker ("mais", "but") with sentiment after it. */
  contrast: boolean;
  /** Sums over the translated AFINN vocabulary (negation applied), a second opinion for the model. */
  tPos: number;
  tNeg: number;
  /** Links and @handles the tokenizer dropped. */
  urls: number;
  handles: number;
  /** Polarity each word token got from the main lexicon, after negation (0 = none). */
  polarity: Float32Array;
  /** Lexicon-only score in [-1, 1]. */
  ruleScore: number;
}

/** Words a negation reaches, at most (it also stops at punctuation and contrast markers). */
const NEGATION_SCOPE = 3;
/** French negations that follow the verb they negate when "ne" is dropped. */
const POST_VERBAL = new Set(['pas', 'jamais', 'pantoute', 'plus', 'rien']);
/** A negated polarity is shifted, not mirrored: "not good" is milder than "bad" (SO-CAL). */
const NEGATION_SHIFT = -0.6;
const CAPS_BOOST = 1.5;
const ELONGATION_BOOST = 1.3;
/** Around a contrast marker, the clause after it counts this much more than the one before. */
const AFTER_CONTRAST = 1.5;
const BEFORE_CONTRAST = 0.5;
const COLLAPSE = /(\p{L})\1+/gu;

const isBreak = (t: Token): boolean => t.kind === PUNCT;
/** Lexicon entry of each token of the text being analysed, reused across calls. */
const infos: Array<WordInfo | undefined> = [];

/** Takes back what `add(a, value, i, 1, false, contrastAt)` added to the word sums. */
function retract(a: Analysis, value: number, i: number, contrastAt: number): void {
  const v = value * (contrastAt < 0 ? 1 : i > contrastAt ? AFTER_CONTRAST : BEFORE_CONTRAST);
  if (v > 0) a.pos -= v;
  else a.neg += v;
}

/** Adds polarity `p` of token `i` with weight `w`, weighed by its side of the contrast marker. */
function add(a: Analysis, p: number, i: number, w: number, isEmoji: boolean, contrastAt: number): void {
  const weight = w * (contrastAt < 0 ? 1 : i > contrastAt ? AFTER_CONTRAST : BEFORE_CONTRAST);
  const v = p * weight;
  if (v === 0) return;
  if (isEmoji) {
    if (v > 0) a.emojiPos += v;
    else a.emojiNeg -= v;
  } else if (v > 0) a.pos += v;
  else a.neg -= v;
}

/** Reads a text's sentiment cues with the lexicon of `lang` (emoji and emoticons in every language). */
export function analyse(text: string, lang: string): Analysis {
  const lex = lexiconFor(lang);
  const emoji = emojiPolarity();
  const { tokens, hashtags, urls, handles } = tokenize(text, lang);
  const n = tokens.length;
  const negated = new Uint8Array(n);
  const a: Analysis = {
    tokens, negated, hashtags, pos: 0, neg: 0, emojiPos: 0, emojiNeg: 0, hits: 0, negatedHits: 0,
    exclamations: 0, questions: 0, capsWords: 0, elongatedWords: 0, contrast: false, ruleScore: 0,
    tPos: 0, tNeg: 0, urls, handles, polarity: new Float32Array(n),
  };

  // The last contrast marker followed by at least one more word splits the text in two clauses.
  // Each token's lexicon entry is looked up once here and read again by the main loop.
  if (infos.length < n) infos.length = n;
  let contrastAt = -1;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const info = t.kind === PUNCT || t.kind === EMOJI || t.kind === EMOTICON ? undefined : lex.info.get(t.text);
    infos[i] = info;
    if (info === undefined || t.kind !== WORD || i === n - 1) continue;
    if (info.contrast || (info.contrastStart && lex.contrasts.has(`${t.text} ${tokens[i + 1]!.text}`))) contrastAt = i;
  }
  a.contrast = contrastAt >= 0;

  let negLeft = 0;
  // The last sentiment word or phrase: its last token, the index its polarity was added at, and what was added.
  let lastHit = -1;
  let lastAt = -1;
  let lastValue = 0;
  let modifier = 0;
  let modLeft = 0;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (isBreak(t)) {
      if (t.text[0] === '!') a.exclamations++;
      else if (t.text[0] === '?') a.questions++;
      negLeft = 0;
      modLeft = 0;
      continue;
    }
    if (t.kind === EMOJI || t.kind === EMOTICON) {
      const p = emoji.get(t.text);
      if (p !== undefined) add(a, p, i, 1, true, contrastAt);
      continue;
    }
    if (t.caps) a.capsWords++;
    if (t.elongated) a.elongatedWords++;

    const info = infos[i];
    let phraseLen = 0;
    let p: number | undefined;
    if (info?.phraseStart) {
      for (let len = Math.min(lex.maxPhrase, n - i); len >= 2 && phraseLen === 0; len--) {
        let key = t.text;
        for (let j = 1; j < len; j++) key += ` ${tokens[i + j]!.text}`;
        const hit = lex.phrases.get(key);
        if (hit !== undefined) {
          p = hit;
          phraseLen = len;
        }
      }
    }
    if (phraseLen > 0) {
      // A phrase carries its own negation ("pas terrible"): an outer one does not flip it again.
      const ownNegation = info!.negator;
      if (negLeft > 0 && !ownNegation) p = p! * NEGATION_SHIFT;
      add(a, p!, i, 1 + modifier, false, contrastAt);
      lastHit = i + phraseLen - 1;
      lastAt = i;
      lastValue = p! * (1 + modifier);
      a.polarity[i] = p!;
      a.hits++;
      for (let j = 0; j < phraseLen; j++) negated[i + j] = negLeft > 0 || ownNegation ? 1 : 0;
      i += phraseLen - 1;
      negLeft = 0;
      modLeft = 0;
      modifier = 0;
      continue;
    }
    // "trooop" was folded to "troop"; its one-letter form "trop" is what the word lists hold.
    const altInfo = t.elongated ? lex.info.get(t.text.replace(COLLAPSE, '$1')) : undefined;
    if (t.kind === WORD && (info?.contrast || i === contrastAt)) {
      negLeft = 0;
      modLeft = 0;
      continue;
    }
    if (info?.negator || altInfo?.negator) {
      // Spoken French drops "ne" and puts the negation after the verb: "j'aime pas ça",
      // "je kiffe pas". A sentiment word right before "pas" (not itself negated) is that verb.
      if (lang === 'fr' && POST_VERBAL.has(t.text) && lastHit === i - 1 && negated[i - 1] === 0) {
        retract(a, lastValue, lastAt, contrastAt);
        add(a, lastValue * NEGATION_SHIFT, lastAt, 1, false, contrastAt);
        negated[lastHit] = 1;
        // A phrase keeps its polarity on its first token.
        for (let j = lastHit; j >= 0 && j > lastHit - lex.maxPhrase; j--) {
          if (a.polarity[j] !== 0) {
            a.polarity[j] = a.polarity[j]! * NEGATION_SHIFT;
            break;
          }
        }
        a.negatedHits++;
      }
      negLeft = NEGATION_SCOPE;
      continue;
    }
    if (negLeft > 0) {
      negated[i] = 1;
      negLeft--;
    }
    const m = info?.modifier ?? altInfo?.modifier;
    if (m !== undefined) {
      modifier = m;
      modLeft = 2;
      continue;
    }
    const tp = info?.translated ?? altInfo?.translated;
    if (tp !== undefined) {
      const v = negated[i] ? tp * NEGATION_SHIFT : tp;
      if (v > 0) a.tPos += v;
      else a.tNeg -= v;
    }
    p = info?.polarity ?? altInfo?.polarity;
    if (p !== undefined) {
      let w = 1 + (modLeft > 0 ? modifier : 0);
      if (t.caps) w *= CAPS_BOOST;
      if (t.elongated) w *= ELONGATION_BOOST;
      if (negated[i]) {
        p *= NEGATION_SHIFT;
        a.negatedHits++;
      }
      add(a, p, i, w, false, contrastAt);
      lastHit = i;
      lastAt = i;
      lastValue = p * w;
      a.polarity[i] = p;
      a.hits++;
      modLeft = 0;
    } else if (modLeft > 0) {
      modLeft--;
    }
  }
  a.ruleScore = Math.tanh(1.2 * (a.pos - a.neg + a.emojiPos - a.emojiNeg));
  return a;
}
