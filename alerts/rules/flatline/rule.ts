import type { EnrichedMention } from '../../../core/mention.ts';
import { declaredScopes, kqlQuote, scopesOf } from '../../scope.ts';
import { ScopedRule, fmtDuration, iso, type Firing } from '../base.ts';
import type { FlatlineConfig } from './config.ts';

interface Silence {
  lastSeen: number;
}

/**
 * Pages when a scope or source that used to speak has been silent for `silentFor`. Silence is
 * measured against evaluation time, so the worker's idle ticks (not only new mentions) drive it.
 */
export class FlatlineRule extends ScopedRule<Silence> {
  private declared = false;

  constructor(private readonly cfg: FlatlineConfig) {
    super(cfg, 'flatline');
  }

  protected override scopeKeys(m: Readonly<EnrichedMention>): string[] {
    const inScope = scopesOf(m, this.cfg.scope);
    if (this.cfg.groupBy === 'scope') return inScope;
    return inScope.length ? [`source:${m.source.name ?? m.source.kind}`] : [];
  }

  protected create(_scope: string, t: number): Silence {
    return { lastSeen: t };
  }

  protected add(s: Silence, _m: Readonly<EnrichedMention>, t: number): void {
    if (t > s.lastSeen) s.lastSeen = t;
  }

  protected check(scope: string, s: Silence, now: number): Firing[] {
    const c = this.cfg;
    const silent = now - s.lastSeen;
    if (silent < c.silentFor) return [];
    const mins = Math.round(silent / 60_000);
    const what = scope.startsWith('source:') ? scope.slice(7) : scope;
    return [
      {
        severity: c.criticalAfter !== undefined && silent >= c.criticalAfter ? 'critical' : 'warning',
        // Constant: a longer silence is the same incident, severity alone escalates it.
        value: 1,
        reason: {
          en: `No mention for ${what} since ${iso(s.lastSeen)} (${mins} min, threshold ${fmtDuration(c.silentFor)}): connector broken or quota exhausted?`,
          fr: `Aucune mention pour ${what} depuis ${iso(s.lastSeen)} (${mins} min, seuil ${fmtDuration(c.silentFor)}) : connecteur en panne ou quota épuisé ?`,
        },
        evidence: {
          count: 0,
          window: { from: iso(s.lastSeen), to: iso(now) },
          metrics: { silentMinutes: mins },
          samples: [],
          topAuthors: [],
          topTerms: [],
        },
        kql: scope.startsWith('source:') ? `source.name:${kqlQuote(what)}` : '',
      },
    ];
  }

  override evaluate(now: Date) {
    if (!this.declared) {
      // Declared names and sources are expected from the first evaluation on.
      this.declared = true;
      const t = now.getTime();
      const names = this.cfg.groupBy === 'source' ? (this.cfg.sources ?? []).map((s) => `source:${s}`) : declaredScopes(this.cfg.scope);
      for (const sc of names) this.ensure(sc, t);
    }
    return super.evaluate(now);
  }

  protected toJSON(s: Silence): Silence {
    return s;
  }

  protected fromJSON(_scope: string, json: unknown): Silence {
    return { lastSeen: (json as Silence).lastSeen };
  }
}
