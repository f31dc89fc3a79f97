import { DomUtils } from 'htmlparser2';
import type { AnyNode, Document, Element } from 'domhandler';

/**
 * Namespaces the feed reader knows, by URI, with the prefix it reads them under. Feeds bind
 * them to any prefix (`<rss:item>` in RSS 1.0 without a default namespace, `<a:entry>`,
 * `<dublincore:creator>`); renaming the elements once lets the reader look for one name.
 * The empty prefix means "the feed's own vocabulary".
 */
const CANONICAL: Record<string, string> = {
  'http://www.w3.org/2005/atom': '',
  'http://purl.org/atom/ns#': '',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://backend.userland.com/rss': '',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf:',
  'http://purl.org/dc/elements/1.1/': 'dc:',
  'http://purl.org/dc/terms/': 'dcterms:',
  'http://purl.org/rss/1.0/modules/content/': 'content:',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes:',
  'http://search.yahoo.com/mrss/': 'media:',
  'http://www.w3.org/1999/xhtml': '',
};

/**
 * Renames prefixed elements of known namespaces to the reader's names (`rss:item` → `item`,
 * `xhtml:body` → `body`, `dublincore:creator` → `dc:creator`). Returns the namespace URIs
 * declared, for the version label.
 */
export function normalizeNamespaces(doc: Document): Set<string> {
  const uris = new Set<string>();
  const prefixes = new Map<string, string>();
  // Declarations are nearly always on the root; one pass collects those made deeper too.
  DomUtils.findAll((el) => {
    for (const [k, v] of Object.entries(el.attribs)) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) {
        const uri = v.trim().toLowerCase();
        uris.add(uri);
        if (k.startsWith('xmlns:') && uri in CANONICAL) prefixes.set(k.slice(6).toLowerCase(), CANONICAL[uri]!);
      }
    }
    return false;
  }, doc.children);
  if (prefixes.size === 0) return uris;
  DomUtils.findAll((el) => {
    const colon = el.name.indexOf(':');
    if (colon > 0) {
      const to = prefixes.get(el.name.slice(0, colon).toLowerCase());
      if (to !== undefined) el.name = to + el.name.slice(colon + 1);
    }
    return false;
  }, doc.children);
  return uris;
}

/** Elements of an item whose content is a value, never other fields. */
const FIELDS = new Set(['title', 'link', 'guid', 'id', 'pubdate', 'updated', 'published', 'issued', 'modified', 'description', 'summary', 'content', 'author', 'category', 'dc:date', 'dc:creator', 'content:encoded']);

const localName = (el: Element): string => el.name.toLowerCase().replace(/^atom:/, '');

/**
 * Repairs what a missing end tag did to an item: the parser nested the following fields inside
 * the unclosed one (`<link rel="alternate" type="text/html">` with no `/>`, a `<title>` never
 * closed). Fields found inside another field are moved out after it, and the unclosed element
 * no longer counts as broken. Returns true when something was moved.
 */
export function hoistNestedFields(item: Element, implied: Set<Element>): boolean {
  let moved = false;
  for (const el of DomUtils.findAll((e) => implied.has(e) && FIELDS.has(localName(e)), item.children)) {
    const nested = el.children.filter((c): c is Element => c.type === 'tag' && FIELDS.has(localName(c as Element)));
    if (!nested.length) continue;
    const firstNested = el.children.indexOf(nested[0]!);
    const tail = el.children.slice(firstNested) as AnyNode[];
    let after: AnyNode = el;
    for (const node of tail) {
      DomUtils.removeElement(node);
      DomUtils.append(after as Element, node as Element);
      after = node;
    }
    implied.delete(el);
    moved = true;
  }
  return moved;
}
