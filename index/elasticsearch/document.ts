import { parseEnrichedMentionSlow, type EnrichedMention } from '../../core/mention.ts';
import { foldText } from '../../core/text/fold.ts';

/** The stored document of one mention (fields in templates.ts `mentionMappings`). */
export type MentionDocument = Record<string, unknown>;

/** Names of each role, first occurrence first, in one pass (a mention matches one to a few entries). */
function roleNames(m: EnrichedMention): { brand: string[]; competitor: string[]; industry: string[]; voice: string[] } {
  const brand: string[] = [];
  const competitor: string[] = [];
  const industry: string[] = [];
  for (const { name, role } of m.matches) {
    const names = role === 'brand' ? brand : role === 'competitor' ? competitor : role === 'industry' ? industry : undefined;
    if (names && !names.includes(name)) names.push(name);
  }
  // Share of voice: brand names, then competitor names that are not brand names too.
  const voice = brand.slice();
  for (const name of competitor) if (!voice.includes(name)) voice.push(name);
  return { brand, competitor, industry, voice };
}

function siteOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || undefined;
  } catch {
    // Not a URL (some sources give an opaque permalink): no site rather than a wrong one.
    return undefined;
  }
}

// The indexer stamps a whole batch with one date: format it once, not once per document.
let lastIngestMs = Number.NaN;
let lastIngestIso = '';
function isoOf(date: Date): string {
  const ms = date.getTime();
  if (ms !== lastIngestMs) {
    lastIngestIso = date.toISOString();
    lastIngestMs = ms;
  }
  return lastIngestIso;
}

/**
 * Turns an enriched mention into its Elasticsearch document. The whole document is written on
 * every delivery (bulk `index`, not `update`), so a re-delivered mention with new engagement
 * numbers replaces the earlier one: one document, latest numbers.
 *
 * Computed here: `@timestamp` (= publishedAt), `text_folded`/`title_folded` (Vigie's folding,
 * because the core-only cluster cannot fold accents), `brand`/`competitor`/`industry` keyword
 * arrays (matches is an object array, so `matches.name` and `matches.role` are not correlated),
 * `voice` (brand and competitor names: share of voice without industry topics), `site` (host
 * of the mention's URL, without `www.`), `author.key` (`<source kind>:<author id>`, what
 * `vigie forget --author` takes),
 * `engagement.total`, `geo.location`, and `ingestedAt` (when the indexer wrote it).
 */
export function toDocument(m: EnrichedMention, ingestedAt: Date = new Date()): MentionDocument {
  // Built in one fixed order, optional fields assigned only when present: no `delete` (which
  // turns an object into a slow dictionary, for this code and for JSON.stringify) and no copies.
  // Nested objects may carry undefined values; JSON.stringify leaves them out.
  const d: MentionDocument = { '@timestamp': m.publishedAt, id: m.id, schemaVersion: m.schemaVersion, source: m.source };
  if (m.url !== undefined) d.url = m.url;
  d.publishedAt = m.publishedAt;
  if (m.fetchedAt !== undefined) d.fetchedAt = m.fetchedAt;
  d.enrichedAt = m.enrichedAt;
  d.ingestedAt = isoOf(ingestedAt);
  if (m.title !== undefined) {
    d.title = m.title;
    d.title_folded = foldText(m.title);
  }
  d.text = m.text;
  d.text_folded = foldText(m.text);
  const a = m.author;
  if (a) d.author = { ...a, key: a.id === undefined ? undefined : `${m.source.kind}:${a.id}` };
  const e = m.engagement;
  if (e) d.engagement = { ...e, total: (e.likes ?? 0) + (e.shares ?? 0) + (e.replies ?? 0) };
  if (m.parentId !== undefined) d.parentId = m.parentId;
  if (m.threadId !== undefined) d.threadId = m.threadId;
  if (m.declaredLang !== undefined) d.declaredLang = m.declaredLang;
  d.lang = m.lang;
  d.sentiment = m.sentiment;
  d.matches = m.matches;
  const names = roleNames(m);
  d.brand = names.brand;
  d.competitor = names.competitor;
  d.industry = names.industry;
  d.voice = names.voice;
  const site = siteOf(m.url);
  if (site !== undefined) d.site = site;
  if (m.influence !== undefined) d.influence = m.influence;
  if (m.entities !== undefined) d.entities = m.entities;
  if (m.duplicateOf !== undefined) d.duplicateOf = m.duplicateOf;
  if (m.reply !== undefined) d.reply = m.reply;
  if (m.geo) d.geo = { location: { lat: m.geo.lat, lon: m.geo.lon }, country: m.geo.country, place: m.geo.place };
  return d;
}

// The JSON text a mention was parsed from, when it holds exactly the schema's fields (see
// `documentJson`), carried by the mention because the Sink interface takes mentions. A
// non-enumerable symbol property: JSON.stringify, for-in, Object.keys do not see it, and a copy
// (`{ ...m, text }`) does not take it along, so a changed mention never gets its old text; half
// the cost of a WeakMap per mention.
const SOURCE = Symbol('vigie.source');

/** Remembers that `m` was parsed from `json` and that `json` holds exactly the schema's fields. */
export function keepSource(m: EnrichedMention, json: string): void {
  Object.defineProperty(m, SOURCE, { value: json, configurable: true });
}

/** The JSON text `m` was parsed from, when keepSource recorded it. */
export function sourceOf(m: EnrichedMention): string | undefined {
  return (m as { [SOURCE]?: string })[SOURCE];
}

/** A change to the source text: [from, to) replaced by `text`. */
type Edit = { from: number; to: number; text: string };

/**
 * The edit that appends `extra` (`"key":value`) to the object that `"<field>":` +
 * JSON.stringify(value) spells in `json`, or replaces that object with `replacement`; undefined
 * when `json` does not spell it so (another serialiser's spacing or escapes).
 */
function editOf(json: string, field: string, value: object, change: { extra: string } | { replacement: string }): Edit | undefined {
  const own = JSON.stringify(value);
  const needle = `"${field}":${own}`;
  const at = json.indexOf(needle);
  if (at < 0) return undefined;
  const end = at + needle.length;
  if ('replacement' in change) return { from: at, to: end, text: `"${field}":${change.replacement}` };
  return { from: end - 1, to: end - 1, text: `${own === '{}' ? '' : ','}${change.extra}` };
}

/**
 * The document's JSON. With `source`, the JSON text the mention was parsed from (only when it
 * holds exactly the schema's fields: the fast validation path), the document is that text with
 * the computed fields spliced in, instead of the parsed mention serialised again (a third of the
 * indexer's own CPU went to building and serialising documents). The stored document has the
 * same fields and values as `JSON.stringify(toDocument(m))` (tested), the computed top-level
 * fields after the mention's own. Whenever the text does not spell the nested objects it changes
 * as JSON.stringify would, the document is serialised from `toDocument` as before.
 */
export function documentJson(m: EnrichedMention, ingestedAt: Date, source?: string): string {
  const close = source === undefined ? -1 : source.lastIndexOf('}');
  if (close < 0) return JSON.stringify(toDocument(m, ingestedAt));
  const text = source!;
  // Every edit is located in the source text itself (each search on a spliced string would
  // flatten it first), then the pieces are joined once, in order.
  const edits: Array<Edit | undefined> = [];
  const a = m.author;
  if (a && a.id !== undefined) edits.push(editOf(text, 'author', a, { extra: `"key":${JSON.stringify(`${m.source.kind}:${a.id}`)}` }));
  const e = m.engagement;
  if (e) edits.push(editOf(text, 'engagement', e, { extra: `"total":${(e.likes ?? 0) + (e.shares ?? 0) + (e.replies ?? 0)}` }));
  const g = m.geo;
  if (g) edits.push(editOf(text, 'geo', g, { replacement: JSON.stringify({ location: { lat: g.lat, lon: g.lon }, country: g.country, place: g.place }) }));
  if (edits.includes(undefined)) return JSON.stringify(toDocument(m, ingestedAt));
  const names = roleNames(m);
  let extra = `,"@timestamp":${JSON.stringify(m.publishedAt)},"ingestedAt":"${isoOf(ingestedAt)}"`;
  if (m.title !== undefined) extra += `,"title_folded":${JSON.stringify(foldText(m.title))}`;
  extra += `,"text_folded":${JSON.stringify(foldText(m.text))},"brand":${JSON.stringify(names.brand)},"competitor":${JSON.stringify(names.competitor)},"industry":${JSON.stringify(names.industry)},"voice":${JSON.stringify(names.voice)}`;
  const site = siteOf(m.url);
  if (site !== undefined) extra += `,"site":${JSON.stringify(site)}`;
  edits.push({ from: close, to: close, text: extra });
  (edits as Edit[]).sort((x, y) => x.from - y.from);
  let out = '';
  let at = 0;
  for (const edit of edits as Edit[]) {
    out += text.slice(at, edit.from) + edit.text;
    at = edit.to;
  }
  return `${out}}`;
}

/**
 * The enriched mention a stored document was made from (the inverse of toDocument): computed
 * fields are dropped by the schema parse, `geo.location` goes back to `lat`/`lon`. For reading
 * history back (`vigie alerts replay --since`).
 */
export function fromDocument(doc: Record<string, unknown>): EnrichedMention {
  const geo = doc.geo as { location?: { lat: number; lon: number }; country?: string; place?: string } | undefined;
  const { geo: _geo, ...rest } = doc;
  const back = geo?.location ? { ...rest, geo: { lat: geo.location.lat, lon: geo.location.lon, country: geo.country, place: geo.place } } : rest;
  return parseEnrichedMentionSlow(back);
}
