import { foldText } from '../../../core/text/fold.ts';

/** A compiled keyword: whole word, prefix (`boycott*`) or phrase (words in sequence). */
interface Term {
  words: string[];
  prefix: boolean;
}

function wordsOf(s: string): string[] {
  return foldText(s).split(/[^\p{L}\p{N}#@]+/u).filter(Boolean);
}

/**
 * Compiles keyword terms into a matcher over a text. It stands in for the watch query language
 * (enrich/watch) until that exposes a compiled matcher; the folding is already the same.
 */
export function compileTerms(terms: readonly string[]): (text: string) => string | undefined {
  const compiled: Array<Term & { raw: string }> = terms.map((raw) => {
    const unq = raw.replace(/^"(.*)"$/, '$1');
    const prefix = unq.endsWith('*');
    return { raw, words: wordsOf(prefix ? unq.slice(0, -1) : unq), prefix };
  }).filter((t) => t.words.length > 0);
  return (text: string) => {
    const ws = wordsOf(text);
    for (const t of compiled) {
      const n = t.words.length;
      for (let i = 0; i + n <= ws.length; i++) {
        let ok = true;
        for (let j = 0; j < n && ok; j++) {
          const last = j === n - 1;
          ok = last && t.prefix ? ws[i + j]!.startsWith(t.words[j]!) : ws[i + j] === t.words[j];
        }
        if (ok) return t.raw;
      }
    }
    return undefined;
  };
}
