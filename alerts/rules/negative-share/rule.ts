import { r3, fmtDuration, type Firing } from '../base.ts';
import { SeriesRule, bucketFor } from '../series-rule.ts';
import type { Series } from '../../window.ts';
import type { NegativeShareConfig } from './config.ts';

/** Pages when negative mentions make up a large share of a busy enough window. */
export class NegativeShareRule extends SeriesRule {
  constructor(private readonly cfg: NegativeShareConfig) {
    super(cfg, 'negative_share', bucketFor(cfg.window), cfg.window, cfg.window);
  }

  protected check(_scope: string, s: Series, now: number): Firing[] {
    const c = this.cfg;
    const cur = this.current(s, now, c.window, c.minCount);
    if (!cur) return [];
    const { w } = cur;
    const share = w.neg / w.n;
    if (share < c.share) return [];
    const pct = Math.round(share * 100);
    return [
      {
        severity: share >= c.criticalShare ? 'critical' : 'warning',
        // Escalation follows the number of negative mentions, not the share (bounded by 1).
        value: w.neg,
        reason: {
          en: `Negative share ${pct}%: ${w.neg} of ${w.n} mentions in ${fmtDuration(c.window)} are negative (threshold ${Math.round(c.share * 100)}%)`,
          fr: `Part négative ${pct} % : ${w.neg} mentions négatives sur ${w.n} en ${fmtDuration(c.window)} (seuil ${Math.round(c.share * 100)} %)`,
        },
        evidence: this.evidence(s, cur, now, w.n, c.share, { negative: w.neg, negativeShare: r3(share) }),
        kql: 'sentiment.label:negative',
      },
    ];
  }
}
