import type { Clock } from '../core/clock.ts';
import type { EnrichedMention } from '../core/mention.ts';
import { severityRank, type Alert, type RuleEvent, type StatefulRule, type Trigger } from './contracts.ts';
import { Incidents, type EpisodePolicy, type Grouping, type IncidentEvent, type IncidentSlot, type LegacyEpisodeSlot, type Member } from './incidents.ts';
import { quietAllows, type QuietHours } from './quiet-hours.ts';
import { kibanaLinkWithin } from './render.ts';
import { Voices } from './voices.ts';

/** A configured rule instance with its episode policy. */
export interface EngineRule {
  name: string;
  kind: string;
  rule: StatefulRule;
  policy: EpisodePolicy;
}

export interface AlertEngineOptions {
  rules: EngineRule[];
  /** Wall clock: stamps `createdAt` and decides which evaluations are too old to page. */
  clock: Clock;
  /** How triggers become incidents (default `scope`: every rule of a scope in one incident). */
  grouping?: Grouping;
  timeZone?: string;
  kibanaUrl?: string;
  kibanaDataView?: string;
  quietHours?: QuietHours;
  /** Event-time grid on which rules are evaluated while mentions flow (default 1 min). */
  stepMs?: number;
  /**
   * Evaluations older than this (event time vs the wall clock) do not page: replaying history
   * after a restart rebuilds incidents silently instead of paging a storm. A still-open incident
   * pages once evaluation catches up. Infinity for backtests.
   */
  maxPageAgeMs?: number;
  /** Mentions dated further in the future than this (vs the wall clock) count at "now". */
  maxFutureSkewMs?: number;
  /**
   * Longest stretch without mentions evaluated step by step (backtests): past it nothing can change
   * until data comes back, so the grid jumps to the next mention instead of walking through years.
   */
  maxIdleMs?: number;
}

/**
 * One state record: key = `rule:<name>|<scope>`, `incident:<grouping key>` or `engine`
 * (`episode:<name>|<scope>` records of older versions are read and replaced).
 */
export interface StateRecord {
  key: string;
  /** JSON, or null when the key no longer holds anything. */
  value: unknown;
}

/**
 * The alert engine shared by the worker, `vigie alerts replay` and the NAB bench: feeds mentions
 * to every rule in event time, evaluates them on an event-time grid and after each batch, and
 * groups the triggers of every rule into incidents.
 */
export class AlertEngine {
  private readonly incidents: Incidents;
  private lastEval: number | undefined;
  /** Event time of the newest mention observed. */
  private lastData: number | undefined;
  private readonly stepMs: number;
  private readonly timeZone: string;
  /** Checkpoint keys of older versions to clear once their content lives under the new keys. */
  private readonly legacy = new Set<string>();
  /** Which copies are new voices: decided once here for every rule that counts voices. */
  private readonly voices = new Voices();

  constructor(private readonly opts: AlertEngineOptions) {
    this.stepMs = opts.stepMs ?? 60_000;
    this.timeZone = opts.timeZone ?? 'America/Montreal';
    const policies = new Map(opts.rules.map((r) => [r.name, r.policy]));
    const fallback: EpisodePolicy = { cooldownMs: 30 * 60_000, resolveAfterMs: 15 * 60_000, escalateFactor: 2 };
    this.incidents = new Incidents(opts.grouping ?? 'scope', (rule) => policies.get(rule) ?? fallback);
  }

  /** Event time of the latest evaluation (ms), if any. */
  get evaluatedUntil(): number | undefined {
    return this.lastEval;
  }

  /**
   * Observes mentions in order. Before a mention that crosses a grid point, rules are evaluated
   * at that point, so a backlog read at once is judged as it happened, not all at its end.
   */
  ingest(mentions: Iterable<Readonly<EnrichedMention>>): Alert[] {
    const out: Alert[] = [];
    for (let m of mentions) {
      let t = Date.parse(m.publishedAt);
      if (!Number.isFinite(t)) continue;
      if (this.opts.maxFutureSkewMs !== undefined) {
        const limit = this.opts.clock.now() + this.opts.maxFutureSkewMs;
        if (t > limit) {
          t = this.opts.clock.now();
          m = { ...m, publishedAt: new Date(t).toISOString() };
        }
      }
      if (this.lastEval === undefined) this.lastEval = Math.floor(t / this.stepMs) * this.stepMs;
      out.push(...this.evaluateThrough(t));
      this.lastData = Math.max(this.lastData ?? t, t);
      const voice = this.voices.accept(m, t);
      for (const r of this.opts.rules) if (voice || !r.rule.countsVoices) r.rule.observe(m);
    }
    return out;
  }

  /**
   * Evaluates on every grid point after the last evaluation up to `t`; with `maxIdleMs`, only up to
   * that long after the last mention, then once on the grid point before `t`.
   */
  evaluateThrough(t: number): Alert[] {
    const out: Alert[] = [];
    const idle = this.opts.maxIdleMs;
    const stop = idle !== undefined && this.lastData !== undefined ? Math.min(t, this.lastData + idle) : t;
    for (let next = Math.floor((this.lastEval ?? t) / this.stepMs) * this.stepMs + this.stepMs; next <= stop; next += this.stepMs) {
      out.push(...this.evaluate(next));
    }
    const before = Math.floor(t / this.stepMs) * this.stepMs;
    if (stop < t && before > (this.lastEval ?? before)) out.push(...this.evaluate(before));
    return out;
  }

  /** Evaluates every rule at event time `now` (ms). Time never goes back: an earlier `now` is ignored. */
  evaluate(now: number): Alert[] {
    if (this.lastEval !== undefined && now < this.lastEval) return [];
    this.lastEval = now;
    const date = new Date(now);
    // Every rule first, then grouping: rules firing at the same evaluation open one incident together.
    const triggers = this.opts.rules.flatMap((r) => r.rule.evaluate(date));
    return this.incidents.update(triggers, now, this.gate).map((e) => this.toAlert(e));
  }

  private gate = (t: number, severity: Trigger['severity']): boolean => {
    const maxAge = this.opts.maxPageAgeMs ?? 15 * 60_000;
    if (t < this.opts.clock.now() - maxAge) return false;
    return quietAllows(t, severity, this.opts.quietHours, this.timeZone);
  };

  private toAlert(e: IncidentEvent): Alert {
    const inc = e.incident;
    const t = e.lead.last;
    const resolved = e.type === 'resolved';
    const eventTime = new Date(e.eventTime).toISOString();
    const openedAt = new Date(inc.openedAt).toISOString();
    const to = new Date(e.eventTime + 5 * 60_000).toISOString();
    const from = t.evidence.window.from < openedAt ? t.evidence.window.from : openedAt;
    const severity = resolved ? inc.peakSeverity : inc.members.reduce((s, m) => (m.active && severityRank(m.last.severity) > severityRank(s) ? m.last.severity : s), e.lead.last.severity);
    return {
      id: `${inc.id}:${e.seq}`,
      incidentId: inc.id,
      episodeId: inc.id,
      seq: e.seq,
      type: e.type,
      rule: e.lead.rule,
      kind: e.lead.kind,
      scope: inc.scope,
      severity,
      value: t.value,
      rules: inc.members.map(ruleEvent),
      ...(e.escalation ? { escalation: e.escalation } : {}),
      openedAt,
      eventTime,
      createdAt: new Date(this.opts.clock.now()).toISOString(),
      reason: resolved ? { en: `Back to normal. Last condition: ${t.reason.en}`, fr: `Retour à la normale. Dernière condition : ${t.reason.fr}` } : t.reason,
      evidence: t.evidence,
      kibanaUrl: this.opts.kibanaUrl ? kibanaLinkWithin(this.opts.kibanaUrl, [t.kql, t.kqlBroad ?? ''], from, to, this.opts.kibanaDataView) : undefined,
      timeZone: this.timeZone,
    };
  }

  /** Open incidents. */
  openIncidents() {
    return this.incidents.openIncidents();
  }

  /** State records changed since the last call (checkpoint them, then commit offsets). */
  takeChanges(): StateRecord[] {
    const out: StateRecord[] = [];
    for (const r of this.opts.rules) {
      for (const scope of r.rule.takeDirty()) out.push({ key: `rule:${r.name}|${scope}`, value: r.rule.exportScope(scope) ?? null });
    }
    for (const key of this.incidents.takeDirty()) out.push({ key: `incident:${key}`, value: this.incidents.exportKey(key) ?? null });
    for (const key of this.legacy) out.push({ key, value: null });
    this.legacy.clear();
    out.push({ key: 'engine', value: { lastEval: this.lastEval ?? null } });
    return out;
  }

  /** Restores one state record (records of rules no longer configured are ignored). */
  restore(rec: StateRecord): void {
    if (rec.key === 'engine') {
      const v = rec.value as { lastEval?: number | null } | null;
      if (v && typeof v.lastEval === 'number') this.lastEval = Math.max(this.lastEval ?? -Infinity, v.lastEval);
      return;
    }
    if (rec.key.startsWith('incident:')) {
      this.incidents.importKey(rec.key.slice('incident:'.length), (rec.value ?? undefined) as IncidentSlot | undefined);
      return;
    }
    const m = /^(rule|episode):([^|]+)\|(.*)$/s.exec(rec.key);
    if (!m) return;
    const [, what, name, scope] = m as unknown as [string, string, string, string];
    const r = this.opts.rules.find((x) => x.name === name);
    if (!r) return;
    if (what === 'rule') {
      if (rec.value !== null) r.rule.importScope(scope, rec.value);
    } else if (rec.value !== null) {
      this.incidents.importLegacyEpisode(name, scope, rec.value as LegacyEpisodeSlot);
      this.legacy.add(rec.key);
    }
  }
}

/** A member as channels and the alerts index see it. */
function ruleEvent(m: Member): RuleEvent {
  const t = m.last;
  return {
    rule: m.rule,
    kind: m.kind,
    scope: m.scope,
    severity: t.severity,
    value: t.value,
    firstAt: new Date(m.firstAt).toISOString(),
    lastAt: new Date(m.lastAt).toISOString(),
    active: m.active,
    reason: t.reason,
    evidence: t.evidence,
    kql: t.kql,
  };
}
