import { DomHandler, DomUtils, Parser } from 'htmlparser2';
import type { AnyNode, ChildNode, Document, Element } from 'domhandler';
import { isValidUtf8 } from '../kit/http/decode.ts';
import { malformed, notAFeed, type FeedItem, type ParsedFeed } from './feed.ts';
import { hoistNestedFields, normalizeNamespaces } from './xml-recovery.ts';

/**
 * Deepest element nesting kept in the tree. The DOM helpers used below (text content, HTML
 * serialization, search) recurse once per level, so markup nested 20 000 deep overflowed the
 * stack and lost the whole feed. Real feeds nest a few dozen levels; deeper tags are dropped
 * and their text joins the deepest kept element, so the item still comes out.
 */
export const MAX_XML_DEPTH = 256;

/**
 * Most elements open at once, kept or dropped. htmlparser2's own stack costs time in proportion
 * to its depth at each tag (and each unmatched closing tag), so 200 000 nested tags (2 MB, under
 * the byte cap) took minutes of CPU. Beyond this the item is refused and reading resumes after it.
 */
export const MAX_XML_OPEN = 512;

/** Thrown from the handler to restart the parser; never leaves this module. */
const TOO_DEEP = Symbol('too deep');
const TOO_DEEP_REASON = `markup nested more than ${MAX_XML_OPEN} levels deep`;

/**
 * Builds the tree with a depth cap, and remembers the elements the parser had to close itself:
 * their XML was cut off or broken.
 */
class TrackingHandler extends DomHandler {
  readonly implied = new Set<Element>();
  /** Items and entries refused because their markup nests deeper than MAX_XML_OPEN. */
  readonly tooDeep = new Set<Element>();
  /** Open elements beyond MAX_XML_DEPTH: not in the tree, only counted so their closes match. */
  private dropped = 0;
  private parserRef: Parser | undefined;

  constructor(public source: string) {
    super(null, { withStartIndices: false });
  }

  override onparserinit(parser: Parser): void {
    this.parserRef = parser;
    super.onparserinit(parser);
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    // tagStack holds the document too, so its length is the depth of the next element.
    if (this.dropped > 0 || this.tagStack.length > MAX_XML_DEPTH) {
      if (++this.dropped > MAX_XML_OPEN - MAX_XML_DEPTH) throw TOO_DEEP;
    } else super.onopentag(name, attribs);
  }

  /** Reading stopped: every element still open is cut off. */
  stopped(): void {
    for (const el of this.tagStack) if (el.type === 'tag') this.implied.add(el as Element);
  }

  /**
   * Gives up the item (or entry) being read, closes it, and tells where its closing tag ends in
   * `source`, so a fresh parser reads on from there; -1 when outside any item or never closed.
   */
  abandonItem(from: number): number {
    const item = [...this.tagStack].reverse().find((e): e is Element => e.type === 'tag' && ['item', 'entry'].includes(local(e as Element)));
    const close = item ? this.source.indexOf(`</${item.name}>`, from) : -1;
    if (!item || close < 0) return -1;
    while (this.tagStack.at(-1) !== item) (DomHandler.prototype.onclosetag as (this: DomHandler) => void).call(this);
    (DomHandler.prototype.onclosetag as (this: DomHandler) => void).call(this);
    this.tooDeep.add(item);
    this.dropped = 0;
    return close + item.name.length + 3;
  }

  override onclosetag(name?: string, isImplied?: boolean): void {
    // The parser closes the most recently opened element first: dropped ones are on top.
    const open = this.tagStack[this.tagStack.length - 1];
    // htmlparser2 also reports `<link/>` as an implied close; only a real `/>` makes it legitimate.
    const end = this.parserRef?.endIndex ?? -1;
    const selfClosed = end > 0 && this.source.slice(end - 1, end + 1) === '/>';
    // A broken element beyond the cap marks the deepest kept one, so its item is still refused.
    if (isImplied && !selfClosed && open && open.type === 'tag') this.implied.add(open as Element);
    if (this.dropped > 0) this.dropped--;
    else (DomHandler.prototype.onclosetag as (this: DomHandler) => void).call(this);
    void name;
  }
}

function isTag(n: AnyNode): n is Element {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style';
}

/** Local name, lower-cased, without the `atom:` prefix some feeds put on Atom elements. */
function local(el: Element): string {
  return el.name.toLowerCase().replace(/^atom:/, '');
}

function kids(el: Element | Document): Element[] {
  return el.children.filter((c): c is Element => isTag(c));
}

function child(el: Element, ...names: string[]): Element | undefined {
  for (const n of names) {
    const found = kids(el).find((c) => local(c) === n);
    if (found) return found;
  }
  return undefined;
}

function childText(el: Element, ...names: string[]): string | undefined {
  const c = child(el, ...names);
  const t = c ? DomUtils.textContent(c).trim() : '';
  return t || undefined;
}

/**
 * The HTML carried by an element. Escaped HTML and CDATA arrive as text and are the HTML source;
 * raw (unescaped) child elements, invalid in RSS but common, are serialized back to HTML.
 */
function innerHtml(el: Element): string {
  return el.children.map((c: ChildNode) => (isTag(c) ? DomUtils.getOuterHTML(c, { xmlMode: false, decodeEntities: true }) : DomUtils.textContent(c))).join('');
}

function resolveLink(href: string | undefined, base: string | undefined): string | undefined {
  if (!href?.trim()) return undefined;
  try {
    return new URL(href.trim(), base).toString();
  } catch {
    return undefined;
  }
}

/** `<link rel="...">` elements (Atom, or atom:link inside RSS). */
function atomLink(el: Element, rel: string, base: string | undefined): string | undefined {
  for (const l of kids(el)) {
    if (local(l) !== 'link') continue;
    // A link without href (Atom 0.3 habits, hand-written feeds) may carry its URL as text.
    const href = l.attribs.href ?? (/^\s*https?:\/\//i.test(DomUtils.textContent(l)) ? DomUtils.textContent(l) : undefined);
    if (href && (l.attribs.rel ?? 'alternate') === rel) return resolveLink(href, base);
  }
  return undefined;
}

/** RSS 2.0 `<author>` is an e-mail address, often followed by the name in parentheses. */
function rssAuthor(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const paren = /\(([^)]+)\)\s*$/.exec(raw);
  if (paren) return paren[1]!.trim();
  return raw.includes('@') && !raw.includes(' ') ? undefined : raw;
}

function findRoot(doc: Document): Element | undefined {
  return kids(doc).find((e) => ['rss', 'rdf:rdf', 'feed', 'channel'].includes(local(e)));
}

/**
 * A document whose root is not a feed element but which holds items or entries (a wrong root
 * name, a wrapper element): the parent of its first item, read as RSS or Atom.
 */
function findItemsParent(doc: Document): { parent: Element; atom: boolean } | undefined {
  const first = DomUtils.findOne((e) => ['item', 'entry'].includes(local(e)), doc.children, true);
  return first?.parent && first.parent.type === 'tag' ? { parent: first.parent as Element, atom: local(first) === 'entry' } : undefined;
}

/**
 * Decides what to do with an item or entry whose XML was broken: kept whole when only an inner
 * element was left unclosed and its fields could be put back in place, kept as a partial item
 * when it was cut off (document ended inside it, CDATA included), skipped when nothing of it can
 * be read. Returns the recovery note, or 'skip'.
 */
function brokenItem(item: Element, implied: Set<Element>): { partial: boolean; reason: string } | 'ok' | 'skip' {
  hoistNestedFields(item, implied);
  const cut = implied.has(item);
  const inner = DomUtils.findOne((e) => implied.has(e), item.children, true);
  if (!cut && !inner) return 'ok';
  // A cut item is worth keeping only if something that identifies it was read whole: a title
  // cut mid-word with nothing else would become a mention of its own, unrelated to the full one.
  const whole = (n: string) => kids(item).some((e) => local(e) === n && !implied.has(e) && DomUtils.textContent(e).trim() !== '');
  if (cut && !['title', 'link', 'guid', 'id'].some(whole)) return 'skip';
  return cut ? { partial: true, reason: 'cut off: its readable part was kept, marked with …' } : { partial: false, reason: 'malformed markup inside it (an element never closed): read as far as it goes' };
}

/** Describes what a non-feed document looks like, for the error message. */
function describeNonFeed(doc: Document, text: string): string {
  const first = kids(doc)[0];
  if (/^\s*<!doctype html/i.test(text) || (first && ['html', 'head', 'body'].includes(local(first)))) return 'this is an HTML page, not a feed';
  if (first) return `root element <${first.name}> is not rss, rdf:RDF or feed`;
  return 'no XML element found';
}

/** Parses RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom leniently: one broken item does not lose the others. */
export function parseXmlFeed(xml: string, feedUrl: string): ParsedFeed {
  const handler = new TrackingHandler(xml);
  const warnings: string[] = [];
  for (;;) {
    const parser = new Parser(handler, { xmlMode: true, decodeEntities: true, recognizeCDATA: true });
    try {
      parser.write(handler.source);
      parser.end();
      break;
    } catch (e) {
      if (e !== TOO_DEEP) throw e;
      // The new parser starts with an empty stack: the rest of the document stays cheap to read.
      const resume = handler.abandonItem(parser.endIndex + 1);
      if (resume >= 0) {
        handler.source = handler.source.slice(resume);
        continue;
      }
      handler.stopped();
      warnings.push(`markup nested more than ${MAX_XML_OPEN} levels deep outside any item (or in one never closed): reading stopped there, the items before it were kept`);
      break;
    }
  }
  const doc = handler.root;
  const namespaces = normalizeNamespaces(doc);
  let root = findRoot(doc);
  if (!root) {
    const why = describeNonFeed(doc, xml);
    const found = why.startsWith('this is an HTML') ? undefined : findItemsParent(doc);
    if (!found) throw why.startsWith('this is an HTML') ? notAFeed(why) : malformed(`not a readable feed: ${why}`);
    warnings.push(`${why}, but it holds ${found.atom ? '<entry>' : '<item>'} elements: read as ${found.atom ? 'Atom' : 'RSS'}`);
    root = found.parent;
    if (found.atom) return parseAtom(root, feedUrl, handler, warnings, namespaces);
  }
  const rootName = local(root);
  if (handler.implied.has(root)) warnings.push('the feed XML is cut off or malformed (root element never closed); complete items were kept');
  if (rootName === 'feed') return parseAtom(root, feedUrl, handler, warnings, namespaces);
  const channel = rootName === 'channel' ? root : child(root, 'channel');
  // RSS 1.0 puts items beside the channel, RSS 0.9x/2.0 inside it; some feeds put them in the root.
  let itemParent = rootName === 'rdf:rdf' ? root : channel;
  if (!itemParent || (!kids(itemParent).some((e) => local(e) === 'item') && kids(root).some((e) => local(e) === 'item'))) {
    // An <rss> root with nothing in it is an empty feed (a new blog, a generator's placeholder), not an error.
    if (!kids(root).some((e) => local(e) === 'item') && !channel) warnings.push(`<${root.name}> without a <channel> and without <item> elements: read as an empty feed`);
    if (kids(root).some((e) => local(e) === 'item')) {
      if (!channel) warnings.push(`RSS document without a <channel>: items read from <${root.name}>`);
      itemParent = root;
    }
  }
  const base = channel ? resolveLink(childText(channel, 'link'), feedUrl) ?? feedUrl : feedUrl;
  const feed: ParsedFeed = {
    format: rootName === 'rdf:rdf' ? 'rdf' : 'rss',
    version: rootName === 'rdf:rdf' ? (namespaces.has('http://my.netscape.com/rdf/simple/0.9/') ? 'RSS 0.90 (RDF)' : 'RSS 1.0 (RDF)') : rootName === 'rss' || rootName === 'channel' ? `RSS ${root.attribs.version ?? '2.0'}` : `RSS (root <${root.name}>)`,
    title: channel ? childText(channel, 'title', 'dc:title') : undefined,
    link: channel ? resolveLink(childText(channel, 'link'), feedUrl) : undefined,
    lang: (channel && childText(channel, 'language', 'dc:language')) ?? root.attribs['xml:lang'],
    date: channel ? childText(channel, 'pubdate', 'lastbuilddate', 'dc:date', 'updated') : undefined,
    next: channel ? atomLink(channel, 'next', feedUrl) : undefined,
    items: [],
    skipped: [],
    recovered: [],
    warnings,
  };
  kids(itemParent ?? root).filter((e) => local(e) === 'item').forEach((item, index) => {
    if (handler.tooDeep.has(item)) {
      feed.skipped.push({ index, reason: TOO_DEEP_REASON });
      return;
    }
    const broken = brokenItem(item, handler.implied);
    if (broken === 'skip') {
      feed.skipped.push({ index, reason: 'item XML is cut off before anything that identifies it' });
      return;
    }
    const guidEl = child(item, 'guid');
    const guid = childText(item, 'guid') ?? item.attribs['rdf:about'];
    const permalink = guidEl && guidEl.attribs.ispermalink !== 'false' && guidEl.attribs.isPermaLink !== 'false' ? guid : undefined;
    const link = resolveLink(childText(item, 'link'), base) ?? atomLink(item, 'alternate', base) ?? (permalink && /^https?:\/\//i.test(permalink) ? permalink : undefined);
    // An item may carry its body only as XHTML (`<xhtml:body>`, read as `body`).
    const body = child(item, 'content:encoded') ?? child(item, 'description') ?? child(item, 'summary') ?? child(item, 'body') ?? child(item, 'content') ?? child(item, 'dc:description', 'itunes:summary', 'fullitem');
    const out: FeedItem = {
      guid,
      link,
      // Dublin Core and Media RSS titles stand in for a missing <title> (RSS 1.0 modules, podcasts).
      title: childText(item, 'title', 'dc:title', 'media:title'),
      bodyHtml: body ? innerHtml(body) : undefined,
      date: childText(item, 'pubdate', 'dc:date', 'published', 'updated', 'dcterms:issued', 'dcterms:created', 'dcterms:modified'),
      author: { name: childText(item, 'dc:creator', 'dc:author') ?? rssAuthor(childText(item, 'author')) ?? childText(item, 'itunes:author') },
      categories: kids(item).filter((e) => ['category', 'dc:subject'].includes(local(e))).map((e) => DomUtils.textContent(e).trim()).filter(Boolean),
      lang: childText(item, 'dc:language') ?? item.attribs['xml:lang'],
    };
    if (!out.guid && !out.link && !out.title && !out.bodyHtml?.trim()) {
      feed.skipped.push({ index, reason: 'item has no guid, link, title or content' });
      return;
    }
    if (broken !== 'ok') {
      feed.recovered.push({ index, reason: broken.reason });
      if (broken.partial) out.partial = true;
    }
    feed.items.push(out);
  });
  return feed;
}

/**
 * An Atom text construct. Atom 0.3 writes its kind as a MIME type and a `mode` (`xml`, `escaped`,
 * `base64`); Atom 1.0 content of any other media type is base64 (RFC 4287 §4.1.3.3).
 */
function atomText(el: Element | undefined): { html: string; isText: boolean } | undefined {
  if (!el) return undefined;
  const type = (el.attribs.type ?? 'text').toLowerCase();
  const mode = (el.attribs.mode ?? '').toLowerCase();
  if (mode === 'base64' || (type.includes('/') && !/^text\/|[/+]xml$/.test(type))) {
    const bytes = Buffer.from(DomUtils.textContent(el).replace(/\s+/g, ''), 'base64');
    // Only text is worth keeping: an image or a PDF in base64 is not a mention's text.
    const text = isValidUtf8(bytes) ? bytes.toString('utf8') : '';
    return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? { html: '', isText: true } : { html: text, isText: !/html/.test(type) };
  }
  // Text nodes too: Atom 0.3's mode="xml" may hold bare text (Atom 1.0 wraps it in a <div>).
  if (type === 'xhtml' || type === 'application/xhtml+xml' || mode === 'xml') return { html: el.children.map((c) => DomUtils.getOuterHTML(c, { xmlMode: false, decodeEntities: true })).join(''), isText: false };
  if (type === 'html' || type === 'text/html') return { html: innerHtml(el), isText: false };
  return { html: DomUtils.textContent(el), isText: true };
}

function parseAtom(root: Element, feedUrl: string, { implied, tooDeep }: TrackingHandler, warnings: string[], namespaces: Set<string>): ParsedFeed {
  const base = resolveLink(root.attribs['xml:base'], feedUrl) ?? feedUrl;
  const feedTitle = atomText(child(root, 'title'));
  const feed: ParsedFeed = {
    format: 'atom',
    version: namespaces.has('http://purl.org/atom/ns#') || root.attribs.version === '0.3' ? 'Atom 0.3' : 'Atom 1.0',
    title: feedTitle?.html.trim() || undefined,
    link: atomLink(root, 'alternate', base),
    lang: root.attribs['xml:lang'],
    date: childText(root, 'updated'),
    next: atomLink(root, 'next', base),
    items: [],
    skipped: [],
    recovered: [],
    warnings,
  };
  kids(root).filter((e) => local(e) === 'entry').forEach((entry, index) => {
    if (tooDeep.has(entry)) {
      feed.skipped.push({ index, reason: TOO_DEEP_REASON });
      return;
    }
    const broken = brokenItem(entry, implied);
    if (broken === 'skip') {
      feed.skipped.push({ index, reason: 'entry XML is cut off before anything that identifies it' });
      return;
    }
    const entryBase = resolveLink(entry.attribs['xml:base'], base) ?? base;
    const body = atomText(child(entry, 'content')) ?? atomText(child(entry, 'summary'));
    const title = atomText(child(entry, 'title'));
    const author = child(entry, 'author');
    const out: FeedItem = {
      guid: childText(entry, 'id'),
      link: atomLink(entry, 'alternate', entryBase),
      title: title?.html,
      titleIsText: title?.isText,
      bodyHtml: body?.html,
      bodyIsText: body?.isText,
      date: childText(entry, 'published', 'updated', 'issued', 'modified'),
      author: author ? { name: childText(author, 'name'), url: resolveLink(childText(author, 'uri'), entryBase) } : undefined,
      categories: kids(entry).filter((e) => local(e) === 'category').map((e) => (e.attribs.label ?? e.attribs.term ?? '').trim()).filter(Boolean),
      lang: entry.attribs['xml:lang'],
    };
    if (!out.guid && !out.link && !out.title && !out.bodyHtml?.trim()) {
      feed.skipped.push({ index, reason: 'entry has no id, link, title or content' });
      return;
    }
    if (broken !== 'ok') {
      feed.recovered.push({ index, reason: broken.reason });
      if (broken.partial) out.partial = true;
    }
    feed.items.push(out);
  });
  return feed;
}
