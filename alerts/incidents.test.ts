import { describe, expect, it } from 'vitest';
import type { Severity, Trigger } from './contracts.ts';
import { Episodes, episodeId } from './episodes.ts';
import { isQuiet, quietAllows, quietHoursSchema } from './quiet-hours.ts';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const MIN = 60_000;
const always = () => true;

function trig(value: number, severity: Severity = 'warning', scope = 'entry:Acme'): Trigger {
  return {
    rule: 'r', kind: 'volume_spike', scope, severity, value, eventTime: new Date(T0).toISOString(),
    reason: { en: 'x', fr: 'x' }, kql: '',
    evidence: { count: value, window: { from: '', to: '' }, metrics: {}, samples: [], topAuthors: [], topTerms: [] },
  };
}

describe('episodes', () => {
  const policy = { cooldownMs: 30 * MIN, resolveAfterMs: 10 * MIN, escalateFactor: 2 };

  it('opens once, escalates only on a meaningful worsening, resolves once after the hold time', () => {
    const e = new Episodes('r', 'volume_spike', policy);
    const types: string[] = [];
    const seq = [100, 120, 150, 199, 200, 210, 390, 410];
    seq.forEach((v, i) => types.push(...e.update([trig(v)], T0 + i * MIN, always).map((x) => `${x.type}:${x.seq}`)));
    // 200 ≥ 2 × 100 escalates; 400 ≥ 2 × 200 escalates again; nothing in between.
    expect(types).toEqual(['opened:0', 'escalated:1', 'escalated:2']);
    // Condition gone: nothing until the hold time has passed, then exactly one resolution.
    const after: string[] = [];
    for (let i = 8; i < 40; i++) after.push(...e.update([], T0 + i * MIN, always).map((x) => `${x.type}:${x.seq}`));
    expect(after).toEqual(['resolved:3']);
  });

  it('a severity rise escalates even without growth', () => {
    const e = new Episodes('r', 'k', policy);
    e.update([trig(100)], T0, always);
    expect(e.update([trig(100, 'critical')], T0 + MIN, always).map((x) => x.type)).toEqual(['escalated']);
    expect(e.update([trig(100, 'critical')], T0 + 2 * MIN, always)).toEqual([]);
  });

  it('cooldown keeps a flapping condition from reopening, unless more severe; scopes are independent', () => {
    const e = new Episodes('r', 'k', policy);
    e.update([trig(100)], T0, always);
    expect(e.update([], T0 + 10 * MIN, always).map((x) => x.type)).toEqual(['resolved']);
    expect(e.update([trig(100)], T0 + 15 * MIN, always)).toEqual([]);
    // Another brand opens its own episode during Acme's cooldown.
    expect(e.update([trig(100, 'warning', 'entry:Other')], T0 + 16 * MIN, always).map((x) => x.type)).toEqual(['opened']);
    const crit = e.update([trig(100, 'critical')], T0 + 17 * MIN, always);
    expect(crit.map((x) => x.type)).toEqual(['opened']);
    expect(crit[0]!.episode.id).toBe(episodeId('r', 'entry:Acme', T0 + 17 * MIN));
  });

  it('after the cooldown a new episode opens with a new id', () => {
    const e = new Episodes('r', 'k', policy);
    const first = e.update([trig(100)], T0, always)[0]!.episode.id;
    e.update([], T0 + 10 * MIN, always);
    const again = e.update([trig(100)], T0 + 45 * MIN, always);
    expect(again.map((x) => x.type)).toEqual(['opened']);
    expect(again[0]!.episode.id).not.toBe(first);
  });

  it('a deferred opening pages when the gate opens, if the episode is still going', () => {
    const e = new Episodes('r', 'k', policy);
    let open = false;
    const gate = () => open;
    expect(e.update([trig(100)], T0, gate)).toEqual([]);
    expect(e.update([trig(300)], T0 + MIN, gate)).toEqual([]);
    open = true;
    const out = e.update([trig(300)], T0 + 2 * MIN, gate);
    expect(out.map((x) => `${x.type}:${x.seq}`)).toEqual(['opened:0']);
    expect(out[0]!.episode.openedAt).toBe(T0);
  });

  it('an episode never paged resolves silently', () => {
    const e = new Episodes('r', 'k', policy);
    e.update([trig(100)], T0, () => false);
    expect(e.update([], T0 + 20 * MIN, always)).toEqual([]);
    expect(e.openEpisodes()).toEqual([]);
  });

  it('episode ids are deterministic', () => {
    expect(episodeId('r', 'all', T0)).toBe(episodeId('r', 'all', T0));
    expect(episodeId('r', 'all', T0)).not.toBe(episodeId('r', 'all', T0 + 1));
    expect(episodeId('r', 'all', T0)).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('quiet hours (America/Montreal)', () => {
  const q = quietHoursSchema.parse({ from: '22:00', to: '07:00' });
  const tz = 'America/Montreal';
  it('spans midnight in local time, winter and summer', () => {
    expect(isQuiet(Date.parse('2026-01-06T03:30:00Z'), q, tz)).toBe(true); // 22:30 EST
    expect(isQuiet(Date.parse('2026-01-06T02:30:00Z'), q, tz)).toBe(false); // 21:30 EST
    expect(isQuiet(Date.parse('2026-01-06T11:59:00Z'), q, tz)).toBe(true); // 06:59 EST
    expect(isQuiet(Date.parse('2026-01-06T12:00:00Z'), q, tz)).toBe(false); // 07:00 EST
    expect(isQuiet(Date.parse('2026-07-06T02:30:00Z'), q, tz)).toBe(true); // 22:30 EDT
  });
  it('lets the override severity through', () => {
    const night = Date.parse('2026-01-06T04:00:00Z');
    expect(quietAllows(night, 'warning', q, tz)).toBe(false);
    expect(quietAllows(night, 'critical', q, tz)).toBe(true);
    expect(quietAllows(night, 'warning', undefined, tz)).toBe(true);
  });
  it('respects start days: a Friday-night-only period', () => {
    const fri = quietHoursSchema.parse({ from: '22:00', to: '07:00', days: ['fri'] });
    expect(isQuiet(Date.parse('2026-01-10T04:00:00Z'), fri, tz)).toBe(true); // Fri 23:00 EST
    expect(isQuiet(Date.parse('2026-01-10T10:00:00Z'), fri, tz)).toBe(true); // Sat 05:00 EST
    expect(isQuiet(Date.parse('2026-01-11T04:00:00Z'), fri, tz)).toBe(false); // Sat 23:00 EST
  });
});
