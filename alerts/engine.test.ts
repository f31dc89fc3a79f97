import { describe, expect, it } from 'vitest';
import { FakeClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { Metrics } from '../core/metrics.ts';
import { spread } from '../test/fixtures/alerts/make-mention.ts';
import { AlertEngine } from './engine.ts';
import { buildRules, ruleConfigSchema } from './registry.ts';
import { quietHoursSchema } from './quiet-hours.ts';
import { backtestEngine, run } from './testing.ts';
import type { Alert } from './contracts.ts';

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
    const live = (extra: object) => {
      const clock = new FakeClock(T0);
      const engine = liveEngine(clock, extra);
      const out = [];
      for (const m of burst(T0)) {
        clock.set(Date.parse(m.publishedAt) + 500);
        out.push(...engine.ingest([m]));
      }
      return out;
    };
    // grouping: rule (as before incidents): opened, grew past 2× (escalated), turned critical at ×10 (escalated), resolved.
    const perRule = live({ grouping: 'rule' });
    expect(perRule.map((a) => a.type)).toEqual(['opened', 'escalated', 'escalated', 'resolved']);
    expect(perRule.map((a) => a.severity)).toEqual(['warning', 'warning', 'critical', 'critical']);
    // Incidents (default): the growth is a quiet update; only the severity rise pages again.
    const out = live({});
    expect(out.map((a) => a.type)).toEqual(['opened', 'updated', 'escalated', 'resolved']);
    expect(out.map((a) => a.severity)).toEqual(['warning', 'warning', 'critical', 'critical']);
    expect(out.map((a) => a.id)).toEqual(perRule.map((a, i) => `${out[0]!.incidentId}:${i}`));
    expect(perRule[0]!.incidentId).toBe(perRule[0]!.episodeId);
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

describe('incidents across rules (fake clock, real rules)', () => {
  const B = T0 + 120 * MIN;
  const rules = [
    { ...spike, name: 'spike', window: '5m', minCount: 20 },
    { kind: 'negative_share', name: 'neg', scope: { names: ['Acme'] }, window: '15m', minCount: 20, share: 0.5, criticalShare: 0.95 },
    { kind: 'keywords', name: 'words', scope: { names: ['Acme'] }, terms: ['rappel'], window: '15m', minCount: 5, criticalCount: 1000 },
  ];
  /** Two calm hours, then a recall: 30 negative mentions in 5 min, 300 in the next 15, then silence. */
  function recall() {
    const neg = { brand: 'Acme', sentiment: -0.8, text: 'Rappel du produit Acme, je suis furieux' };
    return [...spread(T0, 120 * MIN, 120, { brand: 'Acme', sentiment: 0.2 }), ...spread(B, 5 * MIN, 30, neg), ...spread(B + 5 * MIN, 15 * MIN, 300, neg)];
  }
  const UNTIL = B + 200 * MIN;

  it('one page at the opening, quiet updates as rules join, one page when it turns critical, one resolution', () => {
    const { engine, clock } = backtestEngine(rules);
    const out = run(engine, clock, recall(), UNTIL);
    expect(new Set(out.map((a) => a.incidentId)).size).toBe(1);
    expect(out.every((a) => a.scope === 'entry:Acme')).toBe(true);
    expect(out.filter((a) => a.type === 'opened').length).toBe(1);
    expect(out.filter((a) => a.type === 'escalated').map((a) => a.severity)).toEqual(['critical']);
    expect(out.at(-1)!.type).toBe('resolved');
    expect(out.filter((a) => a.type === 'resolved').length).toBe(1);
    expect(out.slice(1, -1).every((a) => a.type === 'updated' || a.type === 'escalated')).toBe(true);
    // Every rule ends up in the incident, each with its own evidence; the first page comes within minutes.
    expect(out.at(-1)!.rules.map((r) => r.rule).sort()).toEqual(['neg', 'spike', 'words']);
    expect(out.at(-1)!.rules.every((r) => r.evidence.count > 0)).toBe(true);
    expect(Date.parse(out[0]!.eventTime) - B).toBeLessThanOrEqual(5 * MIN);
    expect(out.map((a) => a.seq)).toEqual(out.map((_, i) => i));
    // The same data per rule: every rule opens its own episode.
    const perRule = backtestEngine(rules, { grouping: 'rule' });
    const pages = run(perRule.engine, perRule.clock, recall(), UNTIL).filter((a) => a.type === 'opened' || a.type === 'escalated');
    expect(pages.filter((a) => a.type === 'opened').length).toBe(3);
    expect(pages.length).toBeGreaterThan(2);
  });

  it('restart in the middle: a new engine restored from the checkpoint continues the incident with the same ids', () => {
    const ms = recall();
    const cut = 120 + 60; // in the burst, after the opening
    const a = backtestEngine(rules);
    const first = run(a.engine, a.clock, ms.slice(0, cut));
    expect(first.map((x) => x.type)).toContain('opened');
    const b = backtestEngine(rules);
    for (const rec of a.engine.takeChanges()) b.engine.restore(JSON.parse(JSON.stringify(rec)));
    b.clock.set(a.clock.now());
    const rest = run(b.engine, b.clock, ms.slice(cut), UNTIL);
    expect(rest.some((x) => x.type === 'opened')).toBe(false);
    const whole = backtestEngine(rules);
    const all = run(whole.engine, whole.clock, ms, UNTIL);
    expect([...first, ...rest].map((x) => `${x.id}:${x.type}`)).toEqual(all.map((x) => `${x.id}:${x.type}`));
  });

  it('two processes: another batching gives the same incident and events; a takeover from an older checkpoint re-derives the same ids', () => {
    const ms = recall();
    const one = backtestEngine(rules);
    const byMention = run(one.engine, one.clock, ms, UNTIL);
    const two = backtestEngine(rules);
    const batched: Alert[] = [];
    for (let i = 0; i < ms.length; i += 37) {
      const batch = ms.slice(i, i + 37);
      two.clock.set(Date.parse(batch.at(-1)!.publishedAt));
      batched.push(...two.engine.ingest(batch));
    }
    batched.push(...run(two.engine, two.clock, [], UNTIL));
    expect(batched.map((x) => `${x.id}:${x.type}:${x.severity}`)).toEqual(byMention.map((x) => `${x.id}:${x.type}:${x.severity}`));
    // Process A checkpoints, goes on alone for a while (its later events are in the outbox), then dies;
    // process B starts from the checkpoint and replays the same mentions: same ids, so channels dedupe.
    const a = backtestEngine(rules);
    run(a.engine, a.clock, ms.slice(0, 140));
    const checkpoint = a.engine.takeChanges().map((r) => JSON.parse(JSON.stringify(r)));
    const aLater = run(a.engine, a.clock, ms.slice(140, 250));
    const b = backtestEngine(rules);
    for (const rec of checkpoint) b.engine.restore(rec);
    b.clock.set(Date.parse(ms[139]!.publishedAt));
    const bSame = run(b.engine, b.clock, ms.slice(140, 250));
    expect(aLater.length).toBeGreaterThan(0);
    expect(bSame.map((x) => x.id)).toEqual(aLater.map((x) => x.id));
  });
});

describe('voices are decided once by the engine', () => {
  it('a copy by the same account reaches only the rules that must see every mention', () => {
    const clock = new FakeClock(T0);
    const seen: string[] = [];
    const everything = { observe: (m: { id: string }) => seen.push(m.id), evaluate: () => [], takeDirty: () => [], exportScope: () => undefined, importScope: () => {}, scopes: () => [] };
    const counting: string[] = [];
    const voices = { ...everything, observe: (m: { id: string }) => counting.push(m.id), countsVoices: true };
    const policy = { cooldownMs: 0, resolveAfterMs: 0, escalateFactor: 2 };
    const engine = new AlertEngine({ clock, maxPageAgeMs: Infinity, rules: [{ name: 'all', kind: 'x', rule: everything, policy }, { name: 'voices', kind: 'y', rule: voices, policy }] });
    const [a, b] = spread(T0, MIN, 2, { brand: 'Acme', author: 'acme_care', text: 'Merci, nous vous écrivons en privé' });
    // The brand's templated reply, posted twice by its own account: one voice, two replies.
    engine.ingest([a!, { ...b!, duplicateOf: a!.id }]);
    expect(seen).toEqual([a!.id, b!.id]);
    expect(counting).toEqual([a!.id]);
  });
});
