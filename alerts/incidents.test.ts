import { describe, expect, it } from 'vitest';
import type { Severity, Trigger } from './contracts.ts';
import { Incidents, episodeId, type EpisodePolicy } from './incidents.ts';
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

/** `grouping: rule`: the per-rule episodes of before incidents, unchanged. */
class Episodes extends Incidents {
  constructor(_rule: string, _kind: string, policy: EpisodePolicy) {
    super('rule', () => policy);
  }
  openEpisodes() {
    return this.openIncidents();
  }
}

describe('grouping: rule (episodes as before incidents)', () => {
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
    expect(crit[0]!.incident.id).toBe(episodeId('r', 'entry:Acme', T0 + 17 * MIN));
  });

  it('after the cooldown a new episode opens with a new id', () => {
    const e = new Episodes('r', 'k', policy);
    const first = e.update([trig(100)], T0, always)[0]!.incident.id;
    e.update([], T0 + 10 * MIN, always);
    const again = e.update([trig(100)], T0 + 45 * MIN, always);
    expect(again.map((x) => x.type)).toEqual(['opened']);
    expect(again[0]!.incident.id).not.toBe(first);
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
    expect(out[0]!.incident.openedAt).toBe(T0);
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

function ruleTrig(rule: string, value: number, severity: Severity = 'warning', scope = 'entry:Acme', baseScope?: string): Trigger {
  return { ...trig(value, severity, scope), rule, kind: rule, ...(baseScope ? { baseScope } : {}) };
}

describe('grouping: scope (incidents)', () => {
  const policy = { cooldownMs: 30 * MIN, resolveAfterMs: 10 * MIN, escalateFactor: 2 };
  const make = () => new Incidents('scope', () => policy);
  const at = (i: number) => T0 + i * MIN;
  const types = (evs: ReturnType<Incidents['update']>) => evs.map((x) => `${x.type}:${x.seq}:${x.lead.rule}`);

  it('rules firing together open one incident with all of them; a rule joining later is a quiet update', () => {
    const inc = make();
    const open = inc.update([ruleTrig('spike', 30), ruleTrig('words', 6), ruleTrig('spike', 9, 'warning', 'entry:Other')], at(0), always);
    expect(types(open)).toEqual(['opened:0:spike', 'opened:0:spike']);
    expect(open[0]!.incident.members.map((m) => m.rule)).toEqual(['spike', 'words']);
    expect(open[1]!.incident.scope).toBe('entry:Other');
    expect(open[0]!.incident.id).not.toBe(open[1]!.incident.id);
    // Same figures: nothing. A new rule: an update about it. new_term's finer scope groups on its base scope.
    expect(inc.update([ruleTrig('spike', 31), ruleTrig('words', 6)], at(1), always)).toEqual([]);
    const joined = inc.update([ruleTrig('spike', 31), ruleTrig('words', 6), ruleTrig('hashtag', 12, 'info', 'entry:Acme/#recall', 'entry:Acme')], at(2), always);
    expect(types(joined)).toEqual(['updated:1:hashtag']);
    expect(joined[0]!.incident.members.map((m) => m.scope)).toEqual(['entry:Acme', 'entry:Acme', 'entry:Acme/#recall']);
    // A figure doubling since it was last reported: another quiet update, no page.
    expect(types(inc.update([ruleTrig('spike', 62), ruleTrig('words', 7)], at(3), always))).toEqual(['updated:2:spike']);
  });

  it('pages again only when the severity rises, whichever rule raises it; one resolution once every rule is quiet', () => {
    const inc = make();
    inc.update([ruleTrig('spike', 30)], at(0), always);
    inc.update([ruleTrig('spike', 30), ruleTrig('neg', 0.6)], at(1), always);
    const esc = inc.update([ruleTrig('spike', 30), ruleTrig('neg', 0.8, 'critical')], at(2), always);
    expect(types(esc)).toEqual(['escalated:2:neg']);
    // Critical again from another rule, or back to warning then critical: no new page.
    expect(types(inc.update([ruleTrig('spike', 40, 'critical'), ruleTrig('neg', 0.8, 'critical')], at(3), always))).toEqual([]);
    expect(types(inc.update([ruleTrig('spike', 40)], at(4), always))).toEqual([]);
    expect(types(inc.update([ruleTrig('spike', 45, 'critical')], at(5), always))).toEqual([]);
    // `neg` stopped at minute 3, `spike` at 5: the incident waits for the last one's hold time.
    const after: string[] = [];
    for (let i = 6; i < 40; i++) after.push(...types(inc.update([], at(i), always)));
    expect(after).toEqual(['resolved:3:spike']);
    expect(inc.openIncidents()).toEqual([]);
  });

  it('cooldown covers the scope for any rule of the same or lower severity; more severe opens a new incident', () => {
    const inc = make();
    inc.update([ruleTrig('spike', 30), ruleTrig('words', 6)], at(0), always);
    expect(types(inc.update([], at(10), always))).toEqual(['resolved:1:spike']);
    expect(inc.update([ruleTrig('neg', 0.6)], at(15), always)).toEqual([]);
    const crit = inc.update([ruleTrig('neg', 0.9, 'critical')], at(16), always);
    expect(types(crit)).toEqual(['opened:0:neg']);
  });

  it('a deferred opening (quiet hours) pages later with every rule that fired meanwhile', () => {
    const inc = make();
    let open = false;
    const gate = () => open;
    expect(inc.update([ruleTrig('spike', 30)], at(0), gate)).toEqual([]);
    expect(inc.update([ruleTrig('spike', 30), ruleTrig('words', 8)], at(1), gate)).toEqual([]);
    open = true;
    const out = inc.update([ruleTrig('spike', 30), ruleTrig('words', 8)], at(2), gate);
    expect(types(out)).toEqual(['opened:0:spike']);
    expect(out[0]!.incident.members.map((m) => m.rule)).toEqual(['spike', 'words']);
    expect(out[0]!.incident.openedAt).toBe(at(0));
  });

  it('restores an episode checkpointed before incidents into the incident of its scope', () => {
    const old = new Incidents('rule', () => policy);
    old.update([trig(100)], at(0), always);
    const slot = JSON.parse(JSON.stringify(old.exportKey('r|entry:Acme')));
    const legacy = { open: { ...slot.open.members[0], id: slot.open.id, openedAt: slot.open.openedAt, seq: 1, paged: true, peakSeverity: 'warning', pagedSeverity: 'warning', pagedValue: 100, lastTriggerAt: at(0) } };
    const inc = make();
    expect(inc.importLegacyEpisode('r', 'entry:Acme', legacy)).toBe('entry:Acme');
    // Same rule firing again: no new opening; the incident keeps the episode's id.
    expect(inc.update([trig(100)], at(1), always)).toEqual([]);
    expect(inc.openIncidents()[0]!.id).toBe(slot.open.id);
  });
});
