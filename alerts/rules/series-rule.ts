import type { EnrichedMention } from '../../core/mention.ts';
import type { Evidence } from '../contracts.ts';
import { Series, type BucketStats, type SeriesState } from '../window.ts';
import { ScopedRule, iso, type RuleCommon } from './base.ts';

/** The buckets of the window being checked and what they sum to. */
export interface Current {
  f: number;
  l: number;
  w: BucketStats;
}

/** A rule whose per-scope state is one Series (volume_spike, negative_share, sentiment_drop, keywords...). */
export abstract class SeriesRule extends ScopedRule<Series> {
  constructor(
    common: RuleCommon,
    kind: string,
    protected readonly bucketMs: number,
    /** History kept: the window plus any baseline windows. */
    private readonly keepMs: number,
    private readonly detailMs: number,
    /** Hourly counts kept for seasonal baselines (volume_spike); 0 = none. */
    private readonly seasonMs = 0,
  ) {
    super(common, kind);
  }

  protected create(_scope: string, t: number): Series {
    return new Series(this.bucketMs, this.keepMs + this.common.allowedLateness, this.detailMs + this.common.allowedLateness, this.seasonMs, t);
  }

  protected add(s: Series, m: Readonly<EnrichedMention>, t: number): void {
    s.add(m, t);
  }

  protected toJSON(s: Series): SeriesState {
    return s.export();
  }

  protected fromJSON(scope: string, json: unknown): Series {
    const s = this.create(scope, 0);
    s.import(json as SeriesState);
    return s;
  }

  /**
   * Every check starts the same way: drop what fell out of the history, sum the window ending
   * at `now`, and stop there while it holds fewer than `minCount` mentions.
   */
  protected current(s: Series, now: number, windowMs: number, minCount: number): Current | undefined {
    s.prune(now);
    const [f, l] = s.range(now, windowMs);
    const w = s.sum(f, l);
    return w.n < minCount ? undefined : { f, l, w };
  }

  /** A firing's evidence for the window `cur`: the figures given, its time span and its samples. */
  protected evidence(s: Series, cur: Current, now: number, count: number, baseline: number, metrics: Record<string, number>): Evidence {
    return { count, baseline, window: { from: iso(cur.f * this.bucketMs), to: iso(now) }, metrics, ...s.evidence(cur.f, cur.l) };
  }
}

/** Bucket size for a window: about 30 buckets per window, at least 10 s. */
export function bucketFor(windowMs: number): number {
  for (const b of [10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000]) if (windowMs / b <= 30 && windowMs % b === 0) return b;
  return windowMs % 60_000 === 0 ? 60_000 : 1000;
}
