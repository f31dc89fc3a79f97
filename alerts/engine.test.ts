import { describe, expect, it } from 'vitest';
import { FakeClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { Metrics } from '../core/metrics.ts';
import { spread } from '../test/fixtures/alerts/make-mention.ts';
import { AlertEngine } from './engine.ts';
import { buildRules, ruleConfigSchema } from './registry.ts';
import { quietHoursSchema } from './quiet-hours.ts';
import { backtestEngine, run } from './testing.ts';

const T0 = Date.parse('2026-01-05T15:00:00Z'); // 10:00 in Montréal
const MIN = 60_000;
const spike = { kind: 'volume_spike', name: 'spike', scope: { names: ['Acme'] }, seasonality: { enabled: false } };

function burst(start: number) {
  return [...spread(start, 120 * MIN, 1200, { brand: 'Acme' }), ...spread(start + 120 * MIN, 10 * MIN, 1500, { brand: 'Acme' }), ...spread(start + 130 * MIN, 60 * MIN, 600, { brand: 'Acme' })];
}

function liveEngine(clock: FakeClock, extra: object = {}) {
  return new AlertEngine({ rules: buildRules([ruleConfigSchema.parse(spike)], { logger: silentLogger(), clock, metrics: new Metrics() }), clock, kibanaUrl: 'http://kibana.local:5601', ...extra });
}

describe('alert engine', () => {
  it('replaying old history pages nothing (no catch-up storm)', () => {
    const clock = new FakeClock(T0 + 7 * 24 * 60 * MIN);
    const engine = liveEngine(clock);
    const out = engine.ingest(burst(T0));
    out.push(...engine.evaluate(T0 + 190 * MIN));
    expect(out).toEqual([]);
  });

  it('pages live evaluations, with a Kibana link and zone-aware times', () => {
    const clock = new FakeClock(T0);
    const engine = liveEngine(clock);
    const ms = burst(T0);
    const out = [];
    for (const m of ms) {
      clock.set(Date.parse(m.publishedAt) + 500);
      out.push(...engine.ingest([m]));
    }
    // Opened, grew past 2× (escalated), turned critical at ×10 (escalated), resolved in the tail.
    expect(out.map((a) => a.type)).toEqual(['opened', 'escalated', 'escalated', 'resolved']);
    expect(out.map((a) => a.severity)).toEqual(['warning', 'warning', 'critical', 'critical']);
    expect(out[0]!.kibanaUrl).toMatch(/^http:\/\/kibana\.local:5601\/app\/discover#\/\?_g=/);
    expect(decodeURIComponent(out[0]!.kibanaUrl!)).toContain(`query:'matches.name:"Acme"'`);
    expect(out[0]!.timeZone).toBe('America/Montreal');
  });

  it('quiet hours hold back a warning; it pages at 07:00 if the episode is still open; critical pages at once', () => {
    const quietHours = quietHoursSchema.parse({ from: '22:00', to: '07:00' });
    // Spike from 06:50 Montréal (11:50Z) for 30 min.
    const start = Date.parse('2026-01-06T09:50:00Z');
    const ms = [...spread(start, 120 * MIN, 1200, { brand: 'Acme' }), ...spread(start + 120 * MIN, 30 * MIN, 3000, { brand: 'Acme' })];
    const quiet = backtestEngine([{ ...spike, criticalRatio: 1000 }], { quietHours });
    const held = run(quiet.engine, quiet.clock, ms, start + 200 * MIN);
    expect(held[0]!.type).toBe('opened');
    expect(held[0]!.eventTime).toBe('2026-01-06T12:00:00.000Z');
    expect(Date.parse(held[0]!.openedAt)).toBeLessThan(Date.parse('2026-01-06T11:53:00.000Z'));
    expect(held.filter((a) => a.type === 'opened').length).toBe(1);
    const loud = backtestEngine([{ ...spike, criticalRatio: 3 }], { quietHours });
    const paged = run(loud.engine, loud.clock, ms, start + 200 * MIN);
    expect(Date.parse(paged[0]!.eventTime)).toBeLessThan(Date.parse('2026-01-06T11:53:00.000Z'));
    expect(paged[0]!.severity).toBe('critical');
  });

  it('state restored in a new engine continues the same episode without re-paging', () => {
    const a = backtestEngine([spike]);
    const ms = burst(T0);
    const cut = 1200 + 700;
    const first = run(a.engine, a.clock, ms.slice(0, cut));
    expect(first[0]!.type).toBe('opened');
    const b = backtestEngine([spike]);
    for (const rec of a.engine.takeChanges()) b.engine.restore(JSON.parse(JSON.stringify(rec)));
    b.clock.set(a.clock.now());
    const rest = run(b.engine, b.clock, ms.slice(cut), T0 + 220 * MIN);
    expect(rest.map((x) => x.type).at(-1)).toBe('resolved');
    expect(rest.every((x) => x.episodeId === first[0]!.episodeId && x.type !== 'opened')).toBe(true);
    // The uninterrupted run gives the same pages.
    const c = backtestEngine([spike]);
    const all = run(c.engine, c.clock, ms, T0 + 220 * MIN);
    expect(all.map((x) => x.id)).toEqual([...first, ...rest].map((x) => x.id));
  });
});
