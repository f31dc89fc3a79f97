import { r3, fmtDuration, type Firing } from '../base.ts';
import { SeriesRule, bucketFor } from '../series-rule.ts';
import type { BucketStats, Series } from '../../window.ts';
import type { SentimentDropConfig } from './config.ts';

/** Pages when the window's mean sentiment falls well below the mean of the previous windows. */
export class SentimentDropRule extends SeriesRule {
  constructor(private readonly cfg: SentimentDropConfig) {
    super(cfg, 'sentiment_drop', bucketFor(cfg.window), cfg.window * (cfg.baselineWindows + 1), cfg.window);
  }

  protected check(scope: string, s: Series, now: number): Firing[] {
    const c = this.cfg;
    const cur = this.current(s, now, c.window, c.minCount);
    if (!cur) return [];
    const { f, l, w } = cur;
    const nb = l - f + 1;
    const bf = Math.max(f - c.baselineWindows * nb, Math.ceil(s.first / this.bucketMs));
    if (bf >= f) return [];
    const b = this.baseline(scope, s, bf, f - 1);
    if (b.n < c.minCount) return [];
    const mean = w.sent / w.n;
    const base = b.sent / b.n;
    const drop = base - mean;
    if (drop < c.drop) return [];
    return [
      {
        severity: drop >= c.criticalDrop ? 'critical' : 'warning',
        value: w.n,
        reason: {
          en: `Sentiment drop: mean ${r3(mean)} over ${w.n} mentions in ${fmtDuration(c.window)}, ${r3(drop)} below the baseline ${r3(base)}`,
          fr: `Chute du sentiment : moyenne ${r3(mean)} sur ${w.n} mentions en ${fmtDuration(c.window)}, ${r3(drop)} sous la référence ${r3(base)}`,
        },
        evidence: this.evidence(s, cur, now, w.n, r3(base), { meanSentiment: r3(mean), drop: r3(drop), baselineCount: b.n, negative: w.neg }),
      },
    ];
  }

  /**
   * Sums the baseline buckets, leaving out declared peaks: a launch's enthusiasm is not the
   * brand's usual mood, and the ordinary mood after it is no drop.
   */
  private baseline(scope: string, s: Series, first: number, last: number): BucketStats {
    if (this.common.expected.length === 0) return s.sum(first, last);
    const out = { n: 0, neg: 0, sent: 0 };
    for (let b = first; b <= last; b++) {
      if (this.inPeak(scope, b * this.bucketMs, (b + 1) * this.bucketMs)) continue;
      const x = s.sum(b, b);
      out.n += x.n;
      out.neg += x.neg;
      out.sent += x.sent;
    }
    return out;
  }
}
