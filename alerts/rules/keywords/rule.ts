import type { EnrichedMention } from '../../../core/mention.ts';
import { fmtDuration, type Firing } from '../base.ts';
import { SeriesRule, bucketFor } from '../series-rule.ts';
import type { Series } from '../../window.ts';
import { FOLDED_TEXT_FIELDS, anyValueKql, keywordValue } from '../../kql.ts';
import type { KeywordsConfig } from './config.ts';
import { compileTerms } from './match.ts';

/** Pages when mentions carrying watched keywords reach a count in the window. */
export class KeywordsRule extends SeriesRule {
  private readonly match: (text: string) => string | undefined;

  constructor(private readonly cfg: KeywordsConfig) {
    super(cfg, 'keywords', bucketFor(cfg.window), cfg.window, cfg.window);
    this.match = compileTerms(cfg.terms);
  }

  protected override accepts(m: Readonly<EnrichedMention>): boolean {
    return this.match(m.title ? `${m.title}\n${m.text}` : m.text) !== undefined;
  }

  protected check(_scope: string, s: Series, now: number): Firing[] {
    const c = this.cfg;
    const cur = this.current(s, now, c.window, c.minCount);
    if (!cur) return [];
    const { w } = cur;
    const terms = c.terms.length > 3 ? `${c.terms.slice(0, 3).join(', ')}…` : c.terms.join(', ');
    return [
      {
        severity: c.criticalCount !== undefined && w.n >= c.criticalCount ? 'critical' : 'warning',
        value: w.n,
        reason: {
          en: `${w.n} mentions with watched keywords (${terms}) in ${fmtDuration(c.window)} (threshold ${c.minCount})`,
          fr: `${w.n} mentions avec des mots surveillés (${terms}) en ${fmtDuration(c.window)} (seuil ${c.minCount})`,
        },
        evidence: this.evidence(s, cur, now, w.n, c.minCount, { negative: w.neg }),
        // The folded copies, with the rule's folding: what the rule matched is what Kibana finds.
        kql: anyValueKql(FOLDED_TEXT_FIELDS, c.terms.map(keywordValue)),
      },
    ];
  }
}
