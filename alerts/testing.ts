import { FakeClock } from '../core/clock.ts';
import { Metrics } from '../core/metrics.ts';
import { silentLogger } from '../core/logger.ts';
import type { EnrichedMention } from '../core/mention.ts';
import type { Alert } from './contracts.ts';
import { AlertEngine, type AlertEngineOptions } from './engine.ts';
import { buildRules, ruleConfigSchema } from './registry.ts';

/**
 * A backtest engine for tests and tools: the wall clock follows event time, so nothing is "too
 * old to page". Rule configs are parsed with the real schema (defaults applied).
 */
export function backtestEngine(rules: unknown[], extra: Partial<AlertEngineOptions> = {}): { engine: AlertEngine; clock: FakeClock } {
  const clock = new FakeClock(0);
  const parsed = rules.map((r) => ruleConfigSchema.parse(r));
  const engine = new AlertEngine({
    rules: buildRules(parsed, { logger: silentLogger(), clock, metrics: new Metrics() }),
    clock,
    maxPageAgeMs: Infinity,
    ...extra,
  });
  return { engine, clock };
}

/** Feeds mentions (sorted by event time) and evaluates up to `until`; the clock follows event time. */
export function run(engine: AlertEngine, clock: FakeClock, mentions: EnrichedMention[], until?: number, stepMs = 60_000): Alert[] {
  const sorted = [...mentions].sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt));
  const out: Alert[] = [];
  for (const m of sorted) {
    clock.set(Math.max(clock.now(), Date.parse(m.publishedAt)));
    out.push(...engine.ingest([m]));
  }
  if (until !== undefined) {
    for (let t = (engine.evaluatedUntil ?? until) + stepMs; t <= until; t += stepMs) {
      clock.set(t);
      out.push(...engine.evaluate(t));
    }
  }
  return out;
}
