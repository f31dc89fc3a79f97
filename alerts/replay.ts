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
  rule: string;
  kind: string;
  scope: string;
  episodeId: string;
  type: Alert['type'];
  severity: Alert['severity'];
  eventTime: string;
  openedAt: string;
  value: number;
  evidence: { count: number; baseline?: number; metrics: Record<string, number> };
}

export function replayLine(a: Alert): ReplayLine {
  return {
    rule: a.rule,
    kind: a.kind,
    scope: a.scope,
    episodeId: a.episodeId,
    type: a.type,
    severity: a.severity,
    eventTime: a.eventTime,
    openedAt: a.openedAt,
    value: a.value,
    evidence: { count: a.evidence.count, baseline: a.evidence.baseline, metrics: a.evidence.metrics },
  };
}

/**
 * Backtests the configured rules over enriched mentions in event time, with no Kafka: the same
 * engine as the worker, with a clock that follows event time (so nothing counts as "too old to
 * page"). Evaluation continues on the grid up to `untilMs` (default: the last mention).
 */
export function replayMentions(cfg: AlertsConfig, mentions: readonly EnrichedMention[], ctx: Omit<ComponentContext, 'clock'>, onAlert: (a: Alert) => void, untilMs?: number): void {
  const clock = new FakeClock(0);
  const engine = new AlertEngine({ ...engineOptions(cfg), maxPageAgeMs: Infinity, rules: buildRules(cfg.rules, { ...ctx, clock }), clock });
  const sorted = [...mentions].sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt));
  for (const m of sorted) {
    clock.set(Math.max(clock.now(), Date.parse(m.publishedAt)));
    for (const a of engine.ingest([m])) onAlert(a);
  }
  const last = engine.evaluatedUntil;
  if (last === undefined) return;
  const end = Math.max(untilMs ?? last, clock.now());
  const step = cfg.evaluateEvery;
  for (let t = Math.floor(last / step) * step + step; t <= end; t += step) {
    clock.set(t);
    for (const a of engine.evaluate(t)) onAlert(a);
  }
  if (end > (engine.evaluatedUntil ?? end)) {
    clock.set(end);
    for (const a of engine.evaluate(end)) onAlert(a);
  }
}
