/**
 * Short undeclared feeds: one item whose title is one to four words of a language's text (at
 * least one non-ASCII character), in one of its legacy encodings or UTF-8, with no charset, no
 * XML encoding and no `<language>`: the detector has only a handful of bytes to go on.
 */
import iconv from 'iconv-lite';
import { seededRandom } from '../../core/random.ts';
import { decodeBody, normalizeEncoding } from '../../ingest/kit/http/decode.ts';
import { decodeAs } from '../../ingest/kit/http/encoding-labels.ts';
import type { LanguageTexts } from '../../test/fixtures/feeds/encodings/texts.ts';

export interface ShortFeed {
  lang: string;
  encoding: string;
  title: string;
  body: Buffer;
}

/** `perLanguage` short feeds per language, drawn with `seed`. */
export function generateShortFeeds(texts: Record<string, LanguageTexts>, seed: number, perLanguage = 12): ShortFeed[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const feeds: ShortFeed[] = [];
  for (const [lang, t] of Object.entries(texts)) {
    if (!t.encodings.length) continue;
    const words = t.items.flat().flatMap((s) => s.split(/\s+/)).filter(Boolean);
    for (let n = 0, tries = 0; n < perLanguage && tries < 1000; tries++) {
      // CJK and Thai write without spaces: a "word" there is a run; cut it to 2-6 characters.
      const len = 1 + Math.floor(rand() * 4);
      const start = Math.floor(rand() * words.length);
      let title = words.slice(start, start + len).join(' ').replace(/^[«“"(¿¡]+|[»”",.;:!?)…]+$/gu, '');
      if ([...title].length > 12) {
        const chars = [...title];
        const at = Math.floor(rand() * (chars.length - 2));
        title = chars.slice(at, at + 2 + Math.floor(rand() * 5)).join('');
      }
      if (!/[^\x00-\x7f]/.test(title) || /[<&]/.test(title)) continue;
      // One feed in five is UTF-8, the rest in one of the language's legacy encodings.
      const encoding = rand() < 0.2 ? 'utf-8' : pick(t.encodings);
      const bytes = iconv.encode(title, encoding);
      if (iconv.decode(bytes, encoding) !== title) continue;
      const body = Buffer.concat([Buffer.from('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>News</title><link>https://short.example/</link>\n<item><title>'), bytes, Buffer.from('</title><link>https://short.example/1</link><guid>1</guid></item></channel></rss>\n')]);
      feeds.push({ lang, encoding, title, body });
      n++;
    }
  }
  return feeds;
}

/** Right when the decoded feed holds the title exactly (an encoding that reads the same bytes the same way is right). */
export function scoreShortFeeds(feeds: ShortFeed[]): { feeds: number; right: number; byLang: Record<string, [number, number]>; wrong: string[] } {
  const byLang: Record<string, [number, number]> = {};
  const wrong: string[] = [];
  let right = 0;
  for (const f of feeds) {
    const d = decodeBody(f.body, 'application/rss+xml');
    const ok = d.text.includes(`<title>${f.title}</title>`);
    const tally = (byLang[f.lang] ??= [0, 0]);
    tally[1]++;
    if (ok) {
      right++;
      tally[0]++;
    } else wrong.push(`${f.lang} ${f.encoding} "${f.title}" read as ${d.encoding}: "${decodeAs(f.body, normalizeEncoding(d.encoding) ?? d.encoding).match(/<item><title>([^<]*)/)?.[1] ?? '?'}"`);
  }
  return { feeds: feeds.length, right, byLang, wrong };
}
