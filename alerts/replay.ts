import { FakeClock } from '../core/clock.ts';
import type { ComponentContext } from '../core/contracts.ts';
import type { EnrichedMention } from '../core/mention.ts';
import type { Alert } from './contracts.ts';
import type { AlertsConfig } from './config.ts';
import { AlertEngine } from './engine.ts';
import { buildRules } from './registry.ts';

/** Engine options from the `alerts:` config (the worker and replay build it the same way). */
export function engineOptions(cfg: AlertsConfig) {
  return { grouping: cfg.grouping, timeZone: cfg.timeZone, kibanaUrl: cfg.kibanaUrl, kibanaDataView: cfg.kibanaDataView, quietHours: cfg.quietHours, stepMs: cfg.evaluateEvery, maxPageAgeMs: cfg.maxPageAge };
}

/** One line of `vigie alerts replay` output. */
export interface ReplayLine {
  incidentId: string;
  rule: string;
  kind: string;
  scope: string;
  episodeId: string;
  type: Alert['type'];
  severity: Alert['severity'];
  eventTime: string;
  openedAt: string;
  value: number;
  /** Every rule of the incident so far. */
  rules: string[];
  evidence: { count: number; baseline?: number; metrics: Record<string, number> };
}

export function replayLine(a: Alert): ReplayLine {
  return {
    incidentId: a.incidentId,
    rule: a.rule,
    kind: a.kind,
    scope: a.scope,
    episodeId: a.episodeId,
    type: a.type,
    severity: a.severity,
    eventTime: a.eventTime,
    openedAt: a.openedAt,
    value: a.value,
    rules: a.rules.map((r) => r.rule),
    evidence: { count: a.evidence.count, baseline: a.evidence.baseline, metrics: a.evidence.metrics },
  };
}

/**
 * Backtests the configured rules over enriched mentions in event time, with no Kafka: the same
 * engine as the worker, with a clock that follows event time (so nothing counts as "too old to
 * page"). Mentions are pushed in event-time order (a page of history at a time); `finish`
 * continues evaluation on the grid up to `untilMs` (default: the last mention).
 */
export class Replay {
  private readonly clock = new FakeClock(0);
  private readonly engine: AlertEngine;

  constructor(
    private readonly cfg: AlertsConfig,
    ctx: Omit<ComponentContext, 'clock'>,
    private readonly onAlert: (a: Alert) => void,
  ) {
    this.engine = new AlertEngine({ ...engineOptions(cfg), maxPageAgeMs: Infinity, rules: buildRules(cfg.rules, { ...ctx, clock: this.clock }), clock: this.clock });
  }

  push(m: EnrichedMention): void {
    this.clock.set(Math.max(this.clock.now(), Date.parse(m.publishedAt)));
    for (const a of this.engine.ingest([m])) this.onAlert(a);
  }

  finish(untilMs?: number): void {
    const last = this.engine.evaluatedUntil;
    if (last === undefined) return;
    const end = Math.max(untilMs ?? last, this.clock.now());
    const step = this.cfg.evaluateEvery;
    for (let t = Math.floor(last / step) * step + step; t <= end; t += step) {
      this.clock.set(t);
      for (const a of this.engine.evaluate(t)) this.onAlert(a);
    }
    if (end > (this.engine.evaluatedUntil ?? end)) {
      this.clock.set(end);
      for (const a of this.engine.evaluate(end)) this.onAlert(a);
    }
  }
}

/** Backtests an in-memory list of mentions (sorted here). */
export function replayMentions(cfg: AlertsConfig, mentions: readonly EnrichedMention[], ctx: Omit<ComponentContext, 'clock'>, onAlert: (a: Alert) => void, untilMs?: number): void {
  const r = new Replay(cfg, ctx, onAlert);
  for (const m of [...mentions].sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt))) r.push(m);
  r.finish(untilMs);
}
