import type { EnrichedMention } from '../../core/mention.ts';
import { Series, type SeriesState } from '../window.ts';
import { ScopedRule, type RuleCommon } from './base.ts';

/** A rule whose per-scope state is one Series (negative_share, sentiment_drop, keywords...). */
export abstract class SeriesRule extends ScopedRule<Series> {
  constructor(
    common: RuleCommon,
    kind: string,
    protected readonly bucketMs: number,
    /** History kept: the window plus any baseline windows. */
    private readonly keepMs: number,
    private readonly detailMs: number,
  ) {
    super(common, kind);
  }

  protected create(_scope: string, t: number): Series {
    return new Series(this.bucketMs, this.keepMs + this.common.allowedLateness, this.detailMs + this.common.allowedLateness, 0, t);
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
}

/** Bucket size for a window: about 30 buckets per window, at least 10 s. */
export function bucketFor(windowMs: number): number {
  for (const b of [10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000]) if (windowMs / b <= 30 && windowMs % b === 0) return b;
  return windowMs % 60_000 === 0 ? 60_000 : 1000;
}
