import { hasLoneSurrogate } from '../core/text/graphemes.ts';
import type { Alert, SampleMention } from './contracts.ts';
import { oneLine, originOf, safeUrl } from '../notify/escape.ts';
import { fitFirst } from '../notify/limits.ts';

/**
 * Fitting a page into a receiver's limits. Every receiver renders the same evidence through a
 * `PageView`; `fitPage` tries views from the richest to the leanest and keeps the first whose
 * rendering passes the receiver's check, so the least important evidence goes first: sample
 * mentions (how many, then how much of their text), then top terms and authors, then sample
 * URLs (each replaced by its site's origin: the Kibana link finds the mention). The headline,
 * severity, counts and the Kibana link are in every view, the leanest included.
 */

/** How much evidence one view keeps. */
export interface Shape {
  samples: number;
  /** Display length of a sample's text (graphemes, before escaping). */
  sampleChars: number;
  terms: number;
  authors: number;
  /** Longer sample URLs are shown as their origin. */
  urlChars: number;
}

/** A sample mention ready to render: user text cut, URL safe (http/https) or absent. */
export interface PageSample {
  who: string;
  /** Raw user text on one line, already cut to the view's length: escape it for the format. */
  text: string;
  url?: string;
  /** The URL is the origin of a longer one. */
  shortened: boolean;
  /** The evidence sample it shows. */
  of: SampleMention;
}

/** The evidence one rendering shows, with what it left out. */
export interface PageView {
  samples: PageSample[];
  samplesOmitted: number;
  terms: Array<{ term: string; count: number }>;
  termsOmitted: number;
  authors: Array<{ author: string; count: number }>;
  authorsOmitted: number;
  /** The leanest view: headline, figures and the link only. */
  minimal: boolean;
}

/** From the richest view to the leanest; receivers may start lower with a smaller first shape. */
export const LADDER: readonly Shape[] = [
  { samples: 10, sampleChars: 180, terms: 20, authors: 10, urlChars: 1000 },
  { samples: 5, sampleChars: 180, terms: 20, authors: 10, urlChars: 1000 },
  { samples: 5, sampleChars: 100, terms: 20, authors: 10, urlChars: 1000 },
  { samples: 3, sampleChars: 80, terms: 20, authors: 10, urlChars: 1000 },
  { samples: 1, sampleChars: 80, terms: 20, authors: 10, urlChars: 1000 },
  { samples: 1, sampleChars: 80, terms: 10, authors: 5, urlChars: 1000 },
  { samples: 1, sampleChars: 80, terms: 5, authors: 3, urlChars: 1000 },
  { samples: 1, sampleChars: 80, terms: 5, authors: 3, urlChars: 0 },
];
const MINIMAL: Shape = { samples: 0, sampleChars: 0, terms: 0, authors: 0, urlChars: 0 };

/** The evidence of an alert as one shape keeps it. */
export function pageView(a: Alert, shape: Shape): PageView {
  const e = a.evidence;
  const samples = e.samples.slice(0, shape.samples).map((s): PageSample => {
    const safe = safeUrl(s.url);
    const shortened = safe !== undefined && safe.length > shape.urlChars;
    return { who: oneLine(s.author ?? s.source, 80), text: oneLine(s.title ?? s.text, shape.sampleChars), url: safe && shortened ? originOf(safe) : safe, shortened, of: s };
  });
  const terms = e.topTerms.slice(0, shape.terms).map((t) => ({ term: oneLine(t.term, 60), count: t.count }));
  const authors = e.topAuthors.slice(0, shape.authors).map((t) => ({ author: oneLine(t.author, 60), count: t.count }));
  return {
    samples,
    samplesOmitted: e.samples.length - samples.length,
    terms,
    termsOmitted: e.topTerms.length - terms.length,
    authors,
    authorsOmitted: e.topAuthors.length - authors.length,
    minimal: shape === MINIMAL,
  };
}

/** The shapes a receiver tries, richest first, the minimal one last. */
export function pageShapes(first: Partial<Shape> = {}): Shape[] {
  const cap = { ...LADDER[0]!, ...first };
  const shapes = LADDER.map((s) => ({
    samples: Math.min(s.samples, cap.samples),
    sampleChars: Math.min(s.sampleChars, cap.sampleChars),
    terms: Math.min(s.terms, cap.terms),
    authors: Math.min(s.authors, cap.authors),
    urlChars: Math.min(s.urlChars, cap.urlChars),
  }));
  return [...shapes, MINIMAL];
}

/**
 * Renders the richest view whose rendering `fits`; the minimal view's rendering otherwise (each
 * renderer also caps every field, so the minimal page is valid even for absurd rule names).
 * Views are built one at a time: an ordinary page is rendered once.
 */
export function fitPage<T>(a: Alert, render: (v: PageView) => T, fits: (page: T) => boolean, first?: Partial<Shape>): T {
  return fitFirst(pageShapes(first), (shape) => render(pageView(a, shape)), fits);
}

/**
 * The alert with only the evidence a view keeps (texts cut, long URLs as origins), for renderers
 * that show an alert as a whole (plain text, email, the webhook's JSON).
 */
export function alertOfView(a: Alert, v: PageView): Alert {
  const samples = v.samples.map((s): SampleMention => ({ ...s.of, url: s.url, title: undefined, text: s.text, author: s.who }));
  return { ...a, evidence: { ...a.evidence, samples, topTerms: v.terms, topAuthors: v.authors } };
}

/**
 * The alert stripped to its headline, figures and link: what is sent once more when a receiver
 * refused the full page (HTTP 400 or 413, SMTP 552), since a refused page is a bug of ours and
 * must not become a lost one.
 */
export function minimalAlert(a: Alert): Alert {
  return {
    ...a,
    reason: { en: oneLine(a.reason.en, 300), fr: oneLine(a.reason.fr, 300) },
    evidence: { ...a.evidence, metrics: {}, samples: [], topAuthors: [], topTerms: [] },
    // The incident's other rules keep their names and severities, not their evidence.
    rules: (a.rules ?? []).map((r) => ({ ...r, reason: { en: oneLine(r.reason.en, 200), fr: oneLine(r.reason.fr, 200) }, evidence: { ...r.evidence, metrics: {}, samples: [], topAuthors: [], topTerms: [] } })),
  };
}

/** Every string of a JSON value (tests and size checks). */
export function stringsOf(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsOf(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) stringsOf(x, out);
  return out;
}

/** No string of the payload holds half a character. */
export function wholeCharacters(payload: unknown): boolean {
  return !stringsOf(payload).some(hasLoneSurrogate);
}
