import { malformed, notAFeed, type FeedItem, type ParsedFeed } from './feed.ts';
import { recoverJsonFeed, type RecoveredJson } from './json-recovery.ts';

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

function absolute(href: string | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, base).toString();
  } catch {
    return undefined;
  }
}

/** Parses a JSON Feed (1.0 or 1.1, https://jsonfeed.org/version/1.1). */
export function parseJsonFeed(text: string, feedUrl: string): ParsedFeed {
  let data: unknown;
  let cut: RecoveredJson | undefined;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // A feed cut off inside its items keeps the complete ones, as the XML reader does.
    cut = recoverJsonFeed(text);
    // Nothing read (cut before the first item): the error says more than an empty feed.
    const items = cut?.root.items;
    if (!cut || (!cut.partial && (!Array.isArray(items) || !items.length))) throw malformed(`invalid JSON: ${(e as Error).message}`);
    data = cut.root;
  }
  const root = obj(data);
  const version = str(root?.version);
  if (!root || !version?.includes('jsonfeed.org')) throw notAFeed('JSON document without a jsonfeed.org "version": not a JSON Feed');
  if (!Array.isArray(root.items)) throw malformed('JSON Feed without an "items" array');
  const feedAuthor = authorOf(root, feedUrl);
  const feed: ParsedFeed = {
    format: 'json',
    version: `JSON Feed ${version.replace(/^.*version\//, '').replace(/\/$/, '')}`,
    title: str(root.title),
    link: absolute(str(root.home_page_url), feedUrl),
    lang: str(root.language),
    next: absolute(str(root.next_url), feedUrl),
    items: [],
    skipped: [],
    recovered: [],
    warnings: [],
  };
  const complete = root.items.length;
  if (cut) {
    feed.warnings.push(`the JSON is cut off or broken after ${complete} complete item(s): they were kept`);
    if (cut.partial) {
      // The field being written when the text stopped is kept only if it is text (a cut id or URL is wrong).
      if (cut.cutKey && ['id', 'url', 'external_url', 'title'].includes(cut.cutKey)) delete cut.partial[cut.cutKey];
      root.items.push(cut.partial);
    }
  }
  root.items.forEach((raw, index) => {
    const it = obj(raw);
    if (!it) {
      feed.skipped.push({ index, reason: 'item is not a JSON object' });
      return;
    }
    const html = str(it.content_html) ?? str(it.summary);
    const text = html === undefined ? str(it.content_text) : undefined;
    const item: FeedItem = {
      guid: str(it.id),
      link: absolute(str(it.url) ?? str(it.external_url), feedUrl),
      title: str(it.title),
      bodyHtml: html ?? text,
      bodyIsText: html === undefined && text !== undefined,
      date: str(it.date_published) ?? str(it.date_modified),
      author: authorOf(it, feedUrl) ?? feedAuthor,
      categories: Array.isArray(it.tags) ? it.tags.map(str).filter((t): t is string => t !== undefined) : [],
      lang: str(it.language) ?? feed.lang,
    };
    if (index >= complete) {
      if (!item.guid && !item.link && !item.title) {
        feed.skipped.push({ index, reason: 'item is cut off before anything that identifies it' });
        return;
      }
      item.partial = true;
      feed.recovered.push({ index, reason: 'cut off: its readable part was kept, marked with …' });
    }
    if (!item.guid && !item.link && !item.title && !item.bodyHtml) {
      feed.skipped.push({ index, reason: 'item has no id, url, title or content' });
      return;
    }
    feed.items.push(item);
  });
  return feed;
}

/** JSON Feed 1.1 `authors` array, or 1.0 `author` object. */
function authorOf(o: Json, base: string): FeedItem['author'] {
  const a = obj(Array.isArray(o.authors) ? o.authors[0] : undefined) ?? obj(o.author);
  if (!a) return undefined;
  const name = str(a.name);
  const url = absolute(str(a.url), base);
  return name || url ? { name, url } : undefined;
}
