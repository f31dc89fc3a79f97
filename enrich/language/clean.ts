/**
 * Removes what carries no language signal in social-media text: URLs (and the `http`
 * placeholder of anonymised tweets), @handles (and `@user`), e-mail addresses, HTML entities,
 * emoji, the `#` of hashtags, a leading "RT", and letter elongations ("trooop" → "troop",
 * "agoniiiiia" → "agonia").
 */
const URL = /\b(?:https?:\/\/|www\.)\S+|\bhttps?\b(?!:\/\/)|\b[\w.+-]+@[\w-]+\.[\w.-]+/giu;
const HANDLE = /(?<![\p{L}\p{N}_])@[\p{L}\p{N}_]+/gu;
const ENTITY = /&(?:[a-z]{2,8}|#\d{1,6}|#x[\da-f]{1,5});/giu;
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{1F1E6}-\u{1F1FF}\u200d\ufe0f\u20e3]/gu;
const RETWEET = /^\s*RT\b:?/u;
/** What every URL or e-mail address above contains. */
const MAY_HAVE_URL = /http|www\.|@/i;
/**
 * Three or more of the same letter. Four or more are never spelling in the candidate languages:
 * they become one letter, the usual spelling of what is stretched ("siiii", "agoniiiiia", "jaaaa",
 * "DAIIIIII" → si, agonia, ja, DAI: words the word lists know). Three may be spelling (German
 * compounds: Schifffahrt; Roman numerals: xxiii) or a stretched double letter: they become two.
 * On the dev tweets this fixed 2 errors and broke none in any dev file; collapsing every run to
 * one letter instead broke 2 word pairs and words (xxiii, triple letters).
 */
const ELONGATION = /(\p{L})\1{2,}/gu;
/** Replacement for ELONGATION (a letter may be two UTF-16 units). */
export const shortenRun = (run: string, letter: string): string => (run.length > 3 * letter.length ? letter : letter + letter);

/**
 * Whether `text` has a code unit EMOJI may match: © ®, a few in General Punctuation, U+20E3 to
 * U+3299 (symbols, dingbats, CJK marks), U+FE0F, or a surrogate (astral emoji, flags, skin tones).
 * Cheaper than the regex on accented text, whose letters, « » and ’ are none of these;
 * clean.test.ts checks every BMP code point EMOJI matches is caught here.
 */
export function mayHaveEmoji(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xa9) continue;
    if (c === 0xa9 || c === 0xae || c === 0x200d || c === 0x203c || c === 0x2049 || (c >= 0x20e3 && c <= 0x3299) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfe0f) return true;
  }
  return false;
}

/**
 * Whether `text` has the same code point three times in a row (what ELONGATION needs, letter or
 * not): most texts have none, and the regex costs a Unicode property test per character.
 */
export function mayHaveElongation(text: string): boolean {
  const last = text.length - 2;
  for (let i = 0; i < last; i++) {
    const c = text.charCodeAt(i);
    if (c === text.charCodeAt(i + 1) && c === text.charCodeAt(i + 2)) return true;
    // An astral letter is a surrogate pair: the same pair three times.
    if (c >= 0xd800 && c <= 0xdbff && c === text.charCodeAt(i + 2) && c === text.charCodeAt(i + 4) && text.charCodeAt(i + 1) === text.charCodeAt(i + 3) && text.charCodeAt(i + 1) === text.charCodeAt(i + 5)) return true;
  }
  return false;
}

const HASHTAG = /#([\p{L}\p{N}_]+)/gu;
const CAMEL = /(\p{Ll})(\p{Lu})/gu;

/**
 * Text stripped of noise for language identification; may be empty. Hashtags keep their words,
 * split at case changes (#MasterChefBR → "Master Chef BR"): unsplit, such run-together names
 * look like no language and their n-grams mislead (measured on the tweet dev set).
 */
export function stripNoise(text: string): string {
  // Each pattern runs only when its cheap marker is present: most mentions have no URL, entity or emoji.
  let clean = text;
  if (MAY_HAVE_URL.test(clean)) clean = clean.replace(URL, ' ');
  if (clean.includes('@')) clean = clean.replace(HANDLE, ' ');
  if (clean.includes('&')) clean = clean.replace(ENTITY, ' ');
  if (mayHaveEmoji(clean)) clean = clean.replace(EMOJI, ' ');
  if (clean.includes('RT')) clean = clean.replace(RETWEET, ' ');
  if (clean.includes('#')) clean = clean.replace(HASHTAG, (_, tag: string) => ` ${tag.replace(CAMEL, '$1 $2')} `);
  return mayHaveElongation(clean) ? clean.replace(ELONGATION, shortenRun) : clean;
}

/** `text` with every hashtag removed, `#` and words. */
export function withoutHashtags(text: string): string {
  return text.includes('#') ? text.replace(HASHTAG, ' ') : text;
}
