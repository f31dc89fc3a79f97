import type { EnrichedMention } from '../../../core/mention.ts';
import type { SampleMention } from '../../contracts.ts';
import { hashtagsOf, termsOf } from '../../text.ts';
import { authorOf, sampleOf } from '../../window.ts';
import { ScopedRule, fmtDuration, iso, type Firing } from '../base.ts';
import { FOLDED_TEXT_FIELDS, anyValueKql, kqlQuote } from '../../kql.ts';
import type { NewTermConfig } from './config.ts';

interface Young {
  /** Bucket index -> count. */
  b: Map<number, number>;
  samples: SampleMention[];
  authors: Map<string, number>;
}

interface TermState {
  /** The state's scope key (declared peaks concern scopes). */
  scope: string;
  first: number;
  /** term -> [first seen, last seen] (event time). */
  seen: Map<string, [number, number]>;
  young: Map<string, Young>;
}

interface TermJSON {
  first: number;
  seen: Array<[string, number, number]>;
  young: Array<[string, Array<[number, number]>, SampleMention[], Array<[string, number]>]>;
}

const BUCKET_MS = 60_000;

/** Pages when a hashtag or term unknown to a scope's vocabulary grows fast. One episode per term. */
export class NewTermRule extends ScopedRule<TermState> {
  constructor(private readonly cfg: NewTermConfig) {
    super(cfg, 'new_term');
  }

  protected create(scope: string, t: number): TermState {
    return { scope, first: t, seen: new Map(), young: new Map() };
  }

  private termsIn(m: Readonly<EnrichedMention>): string[] {
    const out: string[] = [];
    if (this.cfg.terms !== 'words') out.push(...hashtagsOf(m.entities?.hashtags, m.text));
    if (this.cfg.terms !== 'hashtags') out.push(...new Set(termsOf(`${m.title ?? ''} ${m.text}`)));
    return out;
  }

  protected add(s: TermState, m: Readonly<EnrichedMention>, t: number): void {
    if (t < s.first) s.first = t;
    const learned = t - s.first >= this.cfg.learnFor;
    for (const term of this.termsIn(m)) {
      const seen = s.seen.get(term);
      if (!seen) {
        s.seen.set(term, [t, t]);
        // Only terms born after the learning period can be new; the rest is vocabulary. So are
        // the terms a declared peak brings: a launch's hashtag is announced, not news.
        if (learned && !this.inPeak(s.scope, t, t + 1)) s.young.set(term, { b: new Map(), samples: [], authors: new Map() });
      } else {
        if (t < seen[0]) seen[0] = t;
        if (t > seen[1]) seen[1] = t;
      }
      const y = s.young.get(term);
      if (!y) continue;
      const b = Math.floor(t / BUCKET_MS);
      y.b.set(b, (y.b.get(b) ?? 0) + 1);
      if (y.samples.length < 5) y.samples.push(sampleOf(m));
      const a = authorOf(m);
      if (a && (y.authors.has(a) || y.authors.size < 50)) y.authors.set(a, (y.authors.get(a) ?? 0) + 1);
    }
    if (s.seen.size > this.cfg.maxTerms) this.forget(s);
  }

  private forget(s: TermState): void {
    const drop = Math.ceil(this.cfg.maxTerms / 10);
    const oldest = [...s.seen].sort((a, b) => a[1][1] - b[1][1]).slice(0, drop);
    for (const [term] of oldest) {
      s.seen.delete(term);
      s.young.delete(term);
    }
  }

  protected check(scope: string, s: TermState, now: number): Firing[] {
    const c = this.cfg;
    const out: Firing[] = [];
    const last = Math.ceil(now / BUCKET_MS) - 1;
    const first = last - Math.ceil(c.window / BUCKET_MS) + 1;
    for (const [term, y] of s.young) {
      const born = s.seen.get(term)?.[0] ?? now;
      if (now - born > c.newFor + c.window) {
        s.young.delete(term);
        this.markDirty(scope);
        continue;
      }
      let n = 0;
      for (const [b, v] of y.b) if (b >= first && b <= last) n += v;
      if (n < c.minCount || now - born > c.newFor) continue;
      out.push({
        scope: `${scope}/${term}`,
        severity: c.criticalCount !== undefined && n >= c.criticalCount ? 'critical' : 'warning',
        value: n,
        reason: {
          en: `New term ${term}: ${n} mentions in ${fmtDuration(c.window)}, first seen ${iso(born)}`,
          fr: `Nouveau terme ${term} : ${n} mentions en ${fmtDuration(c.window)}, apparu le ${iso(born)}`,
        },
        evidence: {
          count: n,
          baseline: 0,
          window: { from: iso(first * BUCKET_MS), to: iso(now) },
          metrics: { ageMinutes: Math.round((now - born) / 60_000) },
          samples: [...y.samples].sort((a, b) => (b.influence ?? 0) - (a.influence ?? 0)),
          topAuthors: [...y.authors].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([author, count]) => ({ author, count })),
          topTerms: [{ term, count: n }],
        },
        // Terms are folded words of the title and text: the folded copies hold them as such.
        kql: term.startsWith('#') ? `entities.hashtags:${kqlQuote(term.slice(1))}` : anyValueKql(FOLDED_TEXT_FIELDS, [kqlQuote(term)]),
      });
    }
    return out;
  }

  protected toJSON(s: TermState): TermJSON {
    return {
      first: s.first,
      seen: [...s.seen].map(([t, [a, b]]) => [t, a, b]),
      young: [...s.young].map(([t, y]) => [t, [...y.b], y.samples, [...y.authors]]),
    };
  }

  protected fromJSON(scope: string, json: unknown): TermState {
    const j = json as TermJSON;
    return {
      scope,
      first: j.first,
      seen: new Map(j.seen.map(([t, a, b]) => [t, [a, b]])),
      young: new Map(j.young.map(([t, b, samples, authors]) => [t, { b: new Map(b), samples, authors: new Map(authors) }])),
    };
  }
}
