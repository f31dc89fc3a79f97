/** Counts of letters by writing system, for scripts that settle the language on their own. */
export interface ScriptCounts {
  letters: number;
  arabic: number;
  latin: number;
  /** Letters of any other script (Cyrillic, CJK, Hebrew, Greek...). */
  other: number;
}

const LETTER = /\p{L}/u;
const ARABIC = /\p{Script=Arabic}/u;
const LATIN = /\p{Script=Latin}/u;

export function countScripts(text: string): ScriptCounts {
  const counts: ScriptCounts = { letters: 0, arabic: 0, latin: 0, other: 0 };
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      if ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) {
        counts.letters++;
        counts.latin++;
      }
      continue;
    }
    if (!LETTER.test(ch)) continue;
    counts.letters++;
    if (ARABIC.test(ch)) counts.arabic++;
    else if (LATIN.test(ch)) counts.latin++;
    else counts.other++;
  }
  return counts;
}
