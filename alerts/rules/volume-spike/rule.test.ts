import { describe, expect, it } from 'vitest';
import { backtestEngine, run } from '../../testing.ts';
import { mention, spread } from '../../../test/fixtures/alerts/make-mention.ts';
import type { EnrichedMention } from '../../../core/mention.ts';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const MIN = 60_000;

/** 8..12 mentions per minute, deterministic. */
function steady(start: number, minutes: number, brand = 'Acme'): EnrichedMention[] {
  const out: EnrichedMention[] = [];
  for (let i = 0; i < minutes; i++) out.push(...spread(start + i * MIN, MIN, 8 + ((i * 7) % 5), { brand }));
  return out;
}

const rule = { kind: 'volume_spike', name: 'spike', scope: { names: ['Acme'] }, baselineWindows: 12, seasonality: { enabled: false } };

describe('volume_spike', () => {
  it('opens once at the start of a burst, escalates as it grows, resolves after it', () => {
    const { engine, clock } = backtestEngine([rule]);
    const burstAt = T0 + 120 * MIN;
    const ms = [...steady(T0, 180), ...spread(burstAt, 10 * MIN, 1500, { brand: 'Acme' })];
    const alerts = run(engine, clock, ms, T0 + 200 * MIN);
    expect(alerts.map((a) => a.type)).toEqual(['opened', 'escalated', 'resolved']);
    const [open, esc, res] = alerts;
    expect(open!.scope).toBe('entry:Acme');
    expect(Date.parse(open!.eventTime) - burstAt).toBeLessThanOrEqual(2 * MIN);
    expect(open!.evidence.count).toBeGreaterThanOrEqual(150);
    expect(open!.evidence.baseline).toBeGreaterThan(40);
    expect(open!.evidence.baseline).toBeLessThan(60);
    expect(open!.evidence.metrics.ratio).toBeGreaterThanOrEqual(3);
    expect(open!.evidence.samples.length).toBe(5);
    expect(esc!.value).toBeGreaterThanOrEqual(2 * open!.value);
    expect(esc!.episodeId).toBe(open!.episodeId);
    expect(res!.episodeId).toBe(open!.episodeId);
    expect(res!.id).toBe(`${open!.episodeId}:2`);
    // Back to normal at burst end + window; resolved after the 15 min hold.
    expect(Date.parse(res!.eventTime)).toBeGreaterThanOrEqual(burstAt + 10 * MIN + 15 * MIN);
  });

  it('stays quiet on steady traffic and below the minimum count', () => {
    const { engine, clock } = backtestEngine([rule]);
    // Low volume: 0–1 per 5 min, then a "spike" of 6 mentions: ratio huge but under minCount 20.
    const low = [...spread(T0, 120 * MIN, 20, { brand: 'Acme' }), ...spread(T0 + 120 * MIN, 2 * MIN, 6, { brand: 'Acme' })];
    expect(run(engine, clock, low, T0 + 180 * MIN)).toEqual([]);
    const other = backtestEngine([rule]);
    expect(run(other.engine, other.clock, steady(T0, 300), T0 + 300 * MIN)).toEqual([]);
  });

  it("the brand's own answers are no volume: a burst of owned replies, in scope or not, pages nobody", () => {
    for (const r of [rule, { ...rule, scope: undefined }]) {
      const { engine, clock } = backtestEngine([r]);
      const replies = spread(T0 + 120 * MIN, 10 * MIN, 1500, { brand: 'Acme' }).map((m) => ({ ...m, reply: { needed: false, reasons: [], owner: 'Acme' } }));
      expect(run(engine, clock, [...steady(T0, 180), ...replies], T0 + 200 * MIN)).toEqual([]);
    }
  });

  it('needs a baseline before alerting (no page while history is short)', () => {
    const { engine, clock } = backtestEngine([rule]);
    expect(run(engine, clock, [...steady(T0, 10), ...spread(T0 + 10 * MIN, 5 * MIN, 500, { brand: 'Acme' })], T0 + 20 * MIN)).toEqual([]);
  });

  it('counts a late mention in its own window, and ignores near-duplicates', () => {
    const { engine, clock } = backtestEngine([{ ...rule, minCount: 30 }]);
    run(engine, clock, steady(T0, 120));
    const at = T0 + 121 * MIN;
    clock.set(at);
    expect(engine.evaluate(at)).toEqual([]);
    // 200 copies of one post: counted once through the original.
    const orig = mention(at - 30_000, { brand: 'Acme', id: 'orig' });
    const dups = spread(at - 30_000, 20_000, 200, { brand: 'Acme', duplicateOf: 'orig' });
    engine.ingest([orig, ...dups]);
    expect(engine.evaluate(at + 1000)).toEqual([]);
    // 300 mentions published 2 minutes ago arrive now: late, still counted in their window.
    engine.ingest(spread(at - 2 * MIN, MIN, 300, { brand: 'Acme' }));
    const alerts = engine.evaluate(at + 2000);
    expect(alerts.map((a) => a.type)).toEqual(['opened']);
    expect(alerts[0]!.evidence.count).toBeGreaterThanOrEqual(300);
    expect(alerts[0]!.evidence.count).toBeLessThan(400);
  });

  it('drops mentions later than the allowed lateness and counts them', () => {
    const { engine, clock } = backtestEngine([{ ...rule, allowedLateness: '10m' }]);
    run(engine, clock, steady(T0, 60));
    const before = engine.openIncidents().length;
    engine.ingest(spread(T0 + 30 * MIN, MIN, 500, { brand: 'Acme' }));
    expect(engine.evaluate(T0 + 61 * MIN)).toEqual([]);
    expect(before).toBe(0);
  });

  it('is seasonality-aware: a daily peak at the same hour does not page once learned', () => {
    const day = 24 * 60 * MIN;
    const build = () => {
      const out: EnrichedMention[] = [];
      for (let d = 0; d < 5; d++) {
        const start = T0 + d * day;
        out.push(...spread(start, day, 3 * 1440, { brand: 'Acme' }));
        out.push(...spread(start + 9 * 60 * MIN, 60 * MIN, 1800, { brand: 'Acme' }));
      }
      return out;
    };
    const seasonal = backtestEngine([{ ...rule, seasonality: { enabled: true, minDays: 3 } }]);
    const plain = backtestEngine([rule]);
    const s = run(seasonal.engine, seasonal.clock, build(), T0 + 5 * day).filter((a) => a.type === 'opened');
    const p = run(plain.engine, plain.clock, build(), T0 + 5 * day).filter((a) => a.type === 'opened');
    // Without seasonality every day's peak pages (5); with it, only the first days (before 3 days of history).
    expect(p.length).toBe(5);
    expect(s.length).toBe(3);
    expect(s.every((a) => Date.parse(a.eventTime) < T0 + 3 * day)).toBe(true);
  });
});
