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
/** What every URL or e-mail address above contains. */
const MAY_HAVE_URL = /http|www\.|@/i;
const NON_ASCII = /[^\x00-\x7f]/;
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
  // Each pattern runs only when its cheap marker is present: most mentions have no URL, entity or emoji.
  let clean = text;
  if (MAY_HAVE_URL.test(clean)) clean = clean.replace(URL, ' ');
  if (clean.includes('@')) clean = clean.replace(HANDLE, ' ');
  if (clean.includes('&')) clean = clean.replace(ENTITY, ' ');
  if (NON_ASCII.test(clean)) clean = clean.replace(EMOJI, ' ');
  if (clean.includes('RT')) clean = clean.replace(RETWEET, ' ');
  if (clean.includes('#')) clean = clean.replace(HASHTAG, (_, tag: string) => ` ${tag.replace(CAMEL, '$1 $2')} `);
  return clean.replace(ELONGATION, '$1$1');
}
