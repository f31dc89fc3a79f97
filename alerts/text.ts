/**
 * Term extraction shared by the new_term rule and by evidence, on the watch queries' folding
 * (core/text) so rules and watch entries agree.
 */
import { foldText } from '../core/text/fold.ts';

const STOP = new Set(
  (
    'the and for that this with from are was were have has had not but you your our they their them its his her she him ' +
    'will would can could should about into over than then there what when where which who why how all any been more most ' +
    'les des une est pas que qui pour par sur dans avec son ses aux mais plus vous nous ils elle elles sont ont fait cette ' +
    'ces leur leurs comme tout tous tres bien etre avoir du de la le un et en au ce il je ne se sa https http www com'
  ).split(' '),
);

/** Folded words of 3+ letters that are not stop words (for top terms and new terms). */
export function termsOf(text: string): string[] {
  const out: string[] = [];
  for (const w of foldText(text).split(/[^\p{L}\p{N}]+/u)) {
    if (w.length >= 3 && !STOP.has(w) && !/^\d+$/.test(w)) out.push(w);
  }
  return out;
}

/** Folded hashtags, `#` included. */
export function hashtagsOf(hashtags: readonly string[] | undefined, text: string): string[] {
  const src = hashtags && hashtags.length ? hashtags : (text.match(/#[\p{L}\p{N}_]+/gu) ?? []);
  return [...new Set(src.map((h) => foldText(h.startsWith('#') ? h : `#${h}`)))];
}
