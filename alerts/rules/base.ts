import { z } from 'zod';
import { durationSchema } from '../../core/duration.ts';
import type { EnrichedMention } from '../../core/mention.ts';
import type { Evidence, Severity, StatefulRule, Texts, Trigger } from '../contracts.ts';
import { kqlAnd } from '../kql.ts';
import { scopeKql, scopeSchema, scopesOf, type ScopeConfig } from '../scope.ts';

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

/** How long (event time) and how many (original, author) pairs the voice count remembers. */
const VOICE_MEMORY_MS = 86_400_000;
const VOICE_MEMORY_MAX = 100_000;

/** The account behind a mention (platform + id, handle or name), undefined when unknown. */
export function accountOf(m: Readonly<EnrichedMention>): string | undefined {
  const a = m.author;
  const who = a?.id ?? a?.handle?.replace(/^@/, '').toLowerCase() ?? a?.name;
  return who ? `${m.source.kind}:${who}` : undefined;
}

/**
 * Counts voices, not copies. A near-duplicate posted by another account is another voice (a
 * repost storm by many people is the crisis); the same account posting the same text again is
 * not (a bot flood is one voice). A copy whose account is unknown counts once, through its
 * original. The memory is bounded (a day of event time, 100,000 pairs) and not checkpointed:
 * after a restart an account's next copy of a text it already posted counts once more.
 */
export class Voices {
  private readonly seen = new Map<string, number>();

  /** True when `m` is a new voice: an original, or a copy by an account not yet counted for it. */
  accept(m: Readonly<EnrichedMention>, t: number): boolean {
    const account = accountOf(m);
    if (!m.duplicateOf) {
      if (account) this.remember(`${m.id}\n${account}`, t);
      return true;
    }
    if (!account) return false;
    const key = `${m.duplicateOf}\n${account}`;
    if (this.seen.has(key)) return false;
    this.remember(key, t);
    return true;
  }

  private remember(key: string, t: number): void {
    this.seen.delete(key);
    this.seen.set(key, t);
    // Insertion order is (roughly) event order: forget from the front.
    for (const [k, at] of this.seen) {
      if (this.seen.size <= VOICE_MEMORY_MAX && at >= t - VOICE_MEMORY_MS) break;
      this.seen.delete(k);
    }
  }
}

/**
 * Shared machinery of rules: routes each mention to its scopes, counts voices rather than copies
 * (see Voices), drops mentions later than the allowed lateness, and tracks which scopes changed
 * for checkpointing.
 */
export abstract class ScopedRule<S> implements StatefulRule {
  protected readonly states = new Map<string, S>();
  private readonly dirty = new Set<string>();
  private watermark = -Infinity;
  private readonly voices = new Voices();
  /** Earliest event time this rule observed: history before it is unknown. */
  protected since: number | undefined;
  /** Mentions ignored because later than the allowed lateness. */
  tooLate = 0;

  constructor(
    protected readonly common: RuleCommon,
    readonly kind: string,
  ) {}

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
    if (t < this.watermark - this.common.allowedLateness) {
      this.tooLate += 1;
      return;
    }
    // The brand's own posts (its replies, read from its owned accounts) are its answers, not
    // mentions of it: no volume, share, sentiment or keyword signal comes from them.
    if (m.reply?.owner !== undefined) return;
    if (!this.voices.accept(m, t)) return;
    if (t > this.watermark) this.watermark = t;
    if (this.since === undefined || t < this.since) this.since = t;
    if (!this.accepts(m)) return;
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
