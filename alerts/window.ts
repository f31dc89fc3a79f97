import type { EnrichedMention } from '../core/mention.ts';
import { cutGraphemes } from '../core/text/graphemes.ts';
import type { SampleMention } from './contracts.ts';
import { hashtagsOf, termsOf } from './text.ts';

/** Counts of one event-time bucket. */
export interface BucketStats {
  n: number;
  neg: number;
  /** Sum of sentiment scores. */
  sent: number;
}

interface Detail {
  samples: SampleMention[];
  authors: Map<string, number>;
  terms: Map<string, number>;
}

const SAMPLES_PER_BUCKET = 5;
const MAP_CAP = 300;
const HOUR_MS = 3_600_000;

/** Serialised form of a Series (checkpoint). */
export interface SeriesState {
  first: number;
  c: Array<[number, number, number, number]>;
  h: Array<[number, number]>;
  d: Array<[number, SampleMention[], Array<[string, number]>, Array<[string, number]>]>;
}

/** Cuts long user text (between graphemes): evidence shows a glimpse, the link gives the rest. */
export function sampleOf(m: Readonly<EnrichedMention>): SampleMention {
  return {
    id: m.id,
    url: m.url,
    title: m.title === undefined ? undefined : cutGraphemes(m.title, 200),
    text: cutGraphemes(m.text, 280),
    author: authorOf(m),
    source: m.source.name ?? m.source.kind,
    publishedAt: m.publishedAt,
    sentiment: m.sentiment.score,
    influence: m.influence?.score,
  };
}

export function authorOf(m: Readonly<EnrichedMention>): string | undefined {
  const a = m.author;
  if (!a) return undefined;
  return a.handle ? (a.handle.startsWith('@') ? a.handle : `@${a.handle}`) : (a.name ?? a.id);
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  const v = map.get(key);
  if (v !== undefined) map.set(key, v + by);
  else if (map.size < MAP_CAP) map.set(key, by);
}

function top(map: Map<string, number>, n: number): Array<[string, number]> {
  return [...map.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
}

/**
 * Every rule's Series is handed the same mention in turn: the last mention's terms are kept so
 * the folding and splitting are done once per mention, not once per rule.
 */
let lastTerms: { m: Readonly<EnrichedMention>; terms: string[] } | undefined;

/** Hashtags and distinct words of a mention, for the evidence's top terms. */
function evidenceTermsOf(m: Readonly<EnrichedMention>): string[] {
  if (lastTerms?.m !== m) lastTerms = { m, terms: [...hashtagsOf(m.entities?.hashtags, m.text), ...new Set(termsOf(`${m.title ?? ''} ${m.text}`))] };
  return lastTerms.terms;
}

/**
 * Event-time buckets of one scope: counts kept for the baseline history, hourly counts for
 * seasonality, and evidence details (samples, authors, terms) for the recent window only.
 * A late mention lands in its own bucket, so it counts in the window it belongs to.
 */
export class Series {
  private counts = new Map<number, BucketStats>();
  private hourly = new Map<number, number>();
  private details = new Map<number, Detail>();
  /** Earliest event time the history covers (ms); windows before it are unknown, not zero. */
  first: number;

  constructor(
    readonly bucketMs: number,
    private readonly keepMs: number,
    private readonly detailMs: number,
    private readonly hourlyKeepMs: number,
    first: number,
  ) {
    this.first = first;
  }

  /** Adds a mention at event time `t`; `detail` false skips evidence bookkeeping. */
  add(m: Readonly<EnrichedMention>, t: number, detail = true): void {
    const b = Math.floor(t / this.bucketMs);
    const s = this.counts.get(b) ?? { n: 0, neg: 0, sent: 0 };
    s.n += 1;
    if (m.sentiment.label === 'negative') s.neg += 1;
    s.sent += m.sentiment.score;
    this.counts.set(b, s);
    if (this.hourlyKeepMs > 0) {
      const h = Math.floor(t / HOUR_MS);
      this.hourly.set(h, (this.hourly.get(h) ?? 0) + 1);
    }
    if (t < this.first) this.first = t;
    if (!detail) return;
    let d = this.details.get(b);
    if (!d) {
      d = { samples: [], authors: new Map(), terms: new Map() };
      this.details.set(b, d);
    }
    const inf = m.influence?.score ?? 0;
    if (d.samples.length < SAMPLES_PER_BUCKET) d.samples.push(sampleOf(m));
    else {
      // Keep the most influential mentions: they are the ones on-call staff must read first.
      let low = 0;
      for (let i = 1; i < d.samples.length; i++) if ((d.samples[i]!.influence ?? 0) < (d.samples[low]!.influence ?? 0)) low = i;
      if ((d.samples[low]!.influence ?? 0) < inf) d.samples[low] = sampleOf(m);
    }
    const author = authorOf(m);
    if (author) bump(d.authors, author);
    for (const w of evidenceTermsOf(m)) bump(d.terms, w);
  }

  /** Index range [first, last] of the `windowMs` window ending at `now` (the bucket holding now is the last). */
  range(now: number, windowMs: number): [number, number] {
    const last = Math.ceil(now / this.bucketMs) - 1;
    return [last - Math.round(windowMs / this.bucketMs) + 1, last];
  }

  /** Sums buckets first..last inclusive. */
  sum(first: number, last: number): BucketStats {
    const out = { n: 0, neg: 0, sent: 0 };
    for (let b = first; b <= last; b++) {
      const s = this.counts.get(b);
      if (s) {
        out.n += s.n;
        out.neg += s.neg;
        out.sent += s.sent;
      }
    }
    return out;
  }

  /** True when the history covers bucket `b` (so a missing bucket means zero mentions). */
  covers(b: number): boolean {
    return b * this.bucketMs >= Math.floor(this.first / this.bucketMs) * this.bucketMs;
  }

  /** Mentions in hour index `h` (ms / 1 h), or undefined when the history does not reach it. */
  hourCount(h: number): number | undefined {
    if ((h + 1) * HOUR_MS <= this.first) return undefined;
    return this.hourly.get(h) ?? 0;
  }

  /** Samples, top authors and top terms of buckets first..last. */
  evidence(first: number, last: number, nSamples = 5): { samples: SampleMention[]; topAuthors: Array<{ author: string; count: number }>; topTerms: Array<{ term: string; count: number }> } {
    const samples: SampleMention[] = [];
    const authors = new Map<string, number>();
    const terms = new Map<string, number>();
    for (let b = first; b <= last; b++) {
      const d = this.details.get(b);
      if (!d) continue;
      samples.push(...d.samples);
      for (const [k, v] of d.authors) authors.set(k, (authors.get(k) ?? 0) + v);
      for (const [k, v] of d.terms) terms.set(k, (terms.get(k) ?? 0) + v);
    }
    samples.sort((a, b) => (b.influence ?? 0) - (a.influence ?? 0) || (a.publishedAt < b.publishedAt ? 1 : -1));
    return {
      samples: samples.slice(0, nSamples),
      topAuthors: top(authors, 5).map(([author, count]) => ({ author, count })),
      topTerms: top(terms, 8).map(([term, count]) => ({ term, count })),
    };
  }

  /** Forgets what no window can reach any more. */
  prune(now: number): void {
    const cb = Math.floor((now - this.keepMs) / this.bucketMs);
    for (const b of this.counts.keys()) if (b < cb) this.counts.delete(b);
    const db = Math.floor((now - this.detailMs) / this.bucketMs);
    for (const b of this.details.keys()) if (b < db) this.details.delete(b);
    const hb = Math.floor((now - this.hourlyKeepMs) / HOUR_MS);
    for (const h of this.hourly.keys()) if (h < hb) this.hourly.delete(h);
  }

  export(): SeriesState {
    return {
      first: this.first,
      c: [...this.counts].map(([b, s]) => [b, s.n, s.neg, Math.round(s.sent * 1000) / 1000]),
      h: [...this.hourly],
      d: [...this.details].map(([b, d]) => [b, d.samples, [...d.authors], [...d.terms]]),
    };
  }

  import(s: SeriesState): void {
    this.first = s.first;
    this.counts = new Map(s.c.map(([b, n, neg, sent]) => [b, { n, neg, sent }]));
    this.hourly = new Map(s.h);
    this.details = new Map(s.d.map(([b, samples, a, t]) => [b, { samples, authors: new Map(a), terms: new Map(t) }]));
  }
}
