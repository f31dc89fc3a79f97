import type { EnrichedMention } from '../../../core/mention.ts';
import { iso, fmtDuration, type Firing } from '../base.ts';
import { SeriesRule, bucketFor } from '../series-rule.ts';
import type { Series } from '../../window.ts';
import type { InfluentialNegativeConfig } from './config.ts';

/** Pages on any negative mention by an influential author; more of them escalate. */
export class InfluentialNegativeRule extends SeriesRule {
  constructor(private readonly cfg: InfluentialNegativeConfig) {
    super(cfg, 'influential_negative', bucketFor(cfg.window), cfg.window, cfg.window);
  }

  protected override accepts(m: Readonly<EnrichedMention>): boolean {
    return m.sentiment.label === 'negative' && (m.influence?.score ?? 0) >= this.cfg.minInfluence;
  }

  protected check(_scope: string, s: Series, now: number): Firing[] {
    const c = this.cfg;
    s.prune(now);
    const [f, l] = s.range(now, c.window);
    const w = s.sum(f, l);
    if (w.n === 0) return [];
    const ev = s.evidence(f, l);
    const top = ev.samples[0];
    const maxInf = top?.influence ?? c.minInfluence;
    const who = top?.author ?? top?.source ?? '?';
    return [
      {
        severity: maxInf >= c.criticalInfluence ? 'critical' : 'warning',
        value: w.n,
        reason: {
          en: `${w.n} negative mention(s) by influential authors in ${fmtDuration(c.window)} (top: ${who}, influence ${Math.round(maxInf)})`,
          fr: `${w.n} mention(s) négative(s) d'auteurs influents en ${fmtDuration(c.window)} (principal : ${who}, influence ${Math.round(maxInf)})`,
        },
        evidence: {
          count: w.n,
          window: { from: iso(f * this.bucketMs), to: iso(now) },
          metrics: { maxInfluence: Math.round(maxInf), minInfluence: c.minInfluence },
          ...ev,
        },
        kql: `sentiment.label:negative and influence.score >= ${c.minInfluence}`,
      },
    ];
  }
}
