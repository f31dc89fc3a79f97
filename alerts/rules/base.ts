import { z } from 'zod';
import { durationSchema } from '../../core/duration.ts';
import type { EnrichedMention } from '../../core/mention.ts';
import type { Organisations } from '../../core/organisation.ts';
import type { Evidence, Severity, StatefulRule, Texts, Trigger } from '../contracts.ts';
import { kqlAnd } from '../kql.ts';
import { expectedPeakSchema, inPeak } from '../peaks.ts';
import { namesOthers, scopeKql, scopeSchema, scopesOf, type ScopeConfig } from '../scope.ts';

/** Config fields every rule has (episode policy included). */
export const ruleCommonShape = {
  /** Unique rule name, used in episode ids, state keys and `vigie alerts test --rule`. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'must be letters, digits, _ . - (max 100)'),
  /** Which mentions the rule watches; omit for all mentions. */
  scope: scopeSchema.optional(),
  /** Mentions older than the newest event time minus this are too late and not counted. */
  allowedLateness: durationSchema.prefault('1h'),
  /** After an episode resolves, the same rule and scope stay silent this long (unless more severe). */
  cooldown: durationSchema.prefault('30m'),
  /** An episode resolves once its condition has been false this long. */
  resolveAfter: durationSchema.prefault('15m'),
  /** An open episode pages again when its value grows by this factor (or its severity rises). */
  escalateFactor: z.number().min(1.1).max(1000).default(2),
  /**
   * Mentions that also name another organisation of the watch list (a competitor, another brand;
   * entries of one `organisation` are one): `exclude` (default) leaves them out, so a
   * competitor's crisis that names this brand in passing does not page it.
   */
  shared: z.enum(['exclude', 'include']).default('exclude'),
  /** Peaks announced in advance (also `alerts.expected`, given to every rule); see alerts/peaks.ts. */
  expected: z.array(expectedPeakSchema).max(500).default([]),
  /** Free text shown in docs and `vigie alerts --list`. */
  description: z.string().max(500).optional(),
};
const commonObject = z.object(ruleCommonShape).strict();
export type RuleCommon = z.infer<typeof commonObject>;

/** How a rule reports a firing scope. */
export interface Firing {
  severity: Severity;
  value: number;
  reason: Texts;
  evidence: Evidence;
  /** Extra KQL clause (ANDed with the scope's). */
  kql?: string;
  /** Finer scope than the state's (new_term: one trigger per term); incidents still group on the state's scope. */
  scope?: string;
}

/**
 * Shared machinery of rules: routes each mention to its scopes, drops mentions later than the
 * allowed lateness, and tracks which scopes changed for checkpointing. Copies that are not new
 * voices (see Voices) never reach a rule: the engine filters them once for every rule.
 */
export abstract class ScopedRule<S> implements StatefulRule {
  protected readonly states = new Map<string, S>();
  private readonly dirty = new Set<string>();
  private watermark = -Infinity;
  /** Earliest event time this rule observed: history before it is unknown. */
  protected since: number | undefined;
  /** Mentions ignored because later than the allowed lateness. */
  tooLate = 0;
  readonly countsVoices = true;
  /** Which watch entries belong to one organisation (`shared: exclude`); none known: each its own. */
  private organisations: Organisations = new Map();

  constructor(
    protected readonly common: RuleCommon,
    readonly kind: string,
  ) {}

  useOrganisations(organisations: Organisations): void {
    this.organisations = organisations;
  }

  /** Whether the rule counts this mention at all (keywords filter on text). */
  protected accepts(_m: Readonly<EnrichedMention>): boolean {
    return true;
  }
  /** Scope keys a mention counts in; flatline overrides it to group by source. */
  protected scopeKeys(m: Readonly<EnrichedMention>): string[] {
    return scopesOf(m, this.common.scope);
  }
  protected abstract create(scope: string, t: number): S;
  protected abstract add(state: S, m: Readonly<EnrichedMention>, t: number): void;
  protected abstract check(scope: string, state: S, now: number): Firing[];
  protected abstract toJSON(state: S): unknown;
  protected abstract fromJSON(scope: string, json: unknown): S;

  observe(m: Readonly<EnrichedMention>): void {
    const t = Date.parse(m.publishedAt);
    if (!Number.isFinite(t)) return;
    // The brand's own posts (its replies, read from its owned accounts) are its answers, not
    // mentions of it: no volume, share, sentiment or keyword signal comes from them (nor a
    // "too late" count: the rule would not have used them on time either).
    if (m.reply?.owner !== undefined) return;
    if (t < this.watermark - this.common.allowedLateness) {
      this.tooLate += 1;
      return;
    }
    if (t > this.watermark) this.watermark = t;
    if (this.since === undefined || t < this.since) this.since = t;
    if (!this.accepts(m)) return;
    if (this.common.shared === 'exclude' && namesOthers(m, this.common.scope, this.organisations)) return;
    for (const scope of this.scopeKeys(m)) {
      let s = this.states.get(scope);
      if (!s) {
        s = this.create(scope, Math.min(this.since, t));
        this.states.set(scope, s);
      }
      this.add(s, m, t);
      this.dirty.add(scope);
    }
  }

  evaluate(now: Date): Trigger[] {
    const t = now.getTime();
    const out: Trigger[] = [];
    const eventTime = now.toISOString();
    for (const [scope, s] of this.states) {
      for (const f of this.check(scope, s, t)) {
        const base = scopeKql(scope, this.common.scope);
        out.push({
          rule: this.common.name,
          kind: this.kind,
          scope: f.scope ?? scope,
          severity: f.severity,
          value: f.value,
          eventTime,
          reason: f.reason,
          evidence: f.evidence,
          kql: kqlAnd(base, f.kql ?? ''),
          kqlBroad: base,
          ...(f.scope ? { baseScope: scope } : {}),
        });
      }
    }
    return out;
  }

  /** Whether [from, to) overlaps a declared peak concerning `scope` (the peak extended by `afterMs`). */
  protected inPeak(scope: string, from: number, to: number, afterMs = 0): boolean {
    return inPeak(this.common.expected, scope, from, to, afterMs);
  }

  /** Ensures a scope exists before any mention (flatline's declared names). */
  protected ensure(scope: string, t: number): S {
    let s = this.states.get(scope);
    if (!s) {
      s = this.create(scope, t);
      this.states.set(scope, s);
      this.dirty.add(scope);
    }
    return s;
  }

  protected markDirty(scope: string): void {
    this.dirty.add(scope);
  }

  takeDirty(): string[] {
    const d = [...this.dirty];
    this.dirty.clear();
    return d;
  }

  scopes(): string[] {
    return [...this.states.keys()];
  }

  exportScope(scope: string): unknown {
    const s = this.states.get(scope);
    return s === undefined ? undefined : { since: this.since, watermark: Number.isFinite(this.watermark) ? this.watermark : null, state: this.toJSON(s) };
  }

  importScope(scope: string, json: unknown): void {
    const j = json as { since?: number; watermark?: number | null; state: unknown };
    if (typeof j.since === 'number') this.since = this.since === undefined ? j.since : Math.min(this.since, j.since);
    if (typeof j.watermark === 'number' && j.watermark > this.watermark) this.watermark = j.watermark;
    this.states.set(scope, this.fromJSON(scope, j.state));
  }
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median absolute deviation. */
export function mad(xs: readonly number[], med = median(xs)): number {
  return median(xs.map((x) => Math.abs(x - med)));
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Rounds for display in evidence (3 decimals). */
export function r3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export type { ScopeConfig };

/** "5 min", "1 h", "2 d" for messages. */
export function fmtDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}
