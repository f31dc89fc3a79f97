/**
 * Removes what carries no language signal in social-media text: URLs (and the `http`
 * placeholder of anonymised tweets), @handles (and `@user`), e-mail addresses, HTML entities,
 * emoji, the `#` of hashtags, a leading "RT", and letter elongations ("trooop" → "troop").
 */
const URL = /\b(?:https?:\/\/|www\.)\S+|\bhttps?\b(?!:\/\/)|\b[\w.+-]+@[\w-]+\.[\w.-]+/giu;
const HANDLE = /(?<![\p{L}\p{N}_])@[\p{L}\p{N}_]+/gu;
const ENTITY = /&(?:[a-z]{2,8}|#\d{1,6}|#x[\da-f]{1,5});/giu;
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{1F1E6}-\u{1F1FF}\u200d\ufe0f\u20e3]/gu;
const RETWEET = /^\s*RT\b:?/u;
/** Three or more of the same letter: no language doubles a letter more than twice. */
const ELONGATION = /(\p{L})\1{2,}/gu;

const HASHTAG = /#([\p{L}\p{N}_]+)/gu;
const CAMEL = /(\p{Ll})(\p{Lu})/gu;

/**
 * Text stripped of noise for language identification; may be empty. Hashtags keep their words,
 * split at case changes (#MasterChefBR → "Master Chef BR"): unsplit, such run-together names
 * look like no language and their n-grams mislead (measured on the tweet dev set).
 */
export function stripNoise(text: string): string {
  let clean = text
    .replace(URL, ' ')
    .replace(HANDLE, ' ')
    .replace(ENTITY, ' ')
    .replace(EMOJI, ' ')
    .replace(RETWEET, ' ');
  if (clean.includes('#')) clean = clean.replace(HASHTAG, (_, tag: string) => ` ${tag.replace(CAMEL, '$1 $2')} `);
  return clean.replace(ELONGATION, '$1$1');
}
