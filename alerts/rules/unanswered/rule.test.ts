import { describe, expect, it } from 'vitest';
import type { EnrichedMention } from '../../../core/mention.ts';
import type { Alert, DeskVerdict } from '../../contracts.ts';
import { AlertEngine } from '../../engine.ts';
import { backtestEngine, run } from '../../testing.ts';
import { buildRules, ruleConfigSchema } from '../../registry.ts';
import { FakeClock } from '../../../core/clock.ts';
import { silentLogger } from '../../../core/logger.ts';
import { Metrics } from '../../../core/metrics.ts';
import { mention } from '../../../test/fixtures/alerts/make-mention.ts';
import type { UnansweredConfig } from './config.ts';
import { UnansweredRule } from './rule.ts';
import { trackedPlatforms } from '../../../core/owned.ts';


const T0 = Date.parse('2026-01-05T15:00:00Z');
const MIN = 60_000;
const RULE = { kind: 'unanswered', name: 'acme-waiting', scope: { names: ['Acme'] }, after: '15m', minPriority: 50 };

let n = 0;
/** A critic of Acme needing a reply: influence 60, sentiment -0.8 (priority about 52 at 15 min). */
function critic(t: number, o: { id?: string; influence?: number; sentiment?: number; reasons?: Array<'question' | 'complaint' | 'addressed'>; author?: string; platform?: string } = {}): EnrichedMention {
  const m = mention(t, { brand: 'Acme', sentiment: o.sentiment ?? -0.8, influence: o.influence ?? 60, author: o.author ?? `critic${++n}` });
  return { ...m, id: o.id ?? m.id, source: { kind: o.platform ?? 'x' }, reply: { needed: true, reasons: o.reasons ?? ['complaint'] } };
}

/** The brand's own reply to `parent`, published at `t` (no watch match, as owned posts usually are). */
function ownedReply(t: number, parent: EnrichedMention, platform = parent.source.kind): EnrichedMention {
  const m = mention(t, { author: 'acme_support' });
  return { ...m, id: `${platform}:r${++n}`, source: { kind: platform }, parentId: parent.id, reply: { needed: false, reasons: [], owner: 'Acme' } };
}

/** Feeds mentions in the given order (not sorted: arrival order is the point), then evaluates every minute up to `until`. */
function feed(engine: AlertEngine, clock: { set(t: number): void }, batches: EnrichedMention[][], until: number): Alert[] {
  const out: Alert[] = [];
  for (const b of batches) out.push(...engine.ingest(b));
  for (let t = (engine.evaluatedUntil ?? until) + MIN; t <= until; t += MIN) {
    clock.set(t);
    out.push(...engine.evaluate(t));
  }
  return out;
}

const types = (as: Alert[]) => as.map((a) => a.type);

describe('unanswered', () => {
  it('pages once the mention has waited `after`, not before, with author, platform, age and link', () => {
    const { engine, clock } = backtestEngine([RULE]);
    const c = critic(T0, { author: '@angry_client' });
    const before = run(engine, clock, [c], T0 + 14 * MIN);
    expect(before).toEqual([]);
    const alerts = run(engine, clock, [], T0 + 40 * MIN);
    expect(types(alerts)).toEqual(['opened']);
    const a = alerts[0]!;
    expect(a.eventTime).toBe(new Date(T0 + 15 * MIN).toISOString());
    expect(a.scope).toBe('entry:Acme');
    expect(a.severity).toBe('warning');
    expect(a.evidence.count).toBe(1);
    expect(a.evidence.samples).toEqual([
      { id: c.id, url: c.url, text: '[x · 15 min · P53]', author: '@angry_client', source: 'x', publishedAt: c.publishedAt, sentiment: -0.8, influence: 60 },
    ]);
    expect(a.evidence.metrics).toMatchObject({ waiting: 1, longestMinutes: 15, maxPriority: 53, afterMinutes: 15, minPriority: 50 });
    expect(a.reason.en).toContain('1 mention(s) waiting for a reply for more than 15 min');
    expect(a.reason.fr).toContain('sans réponse depuis plus de 15 min');
    // No post text anywhere in the event: the link leads to the post.
    expect(JSON.stringify(a)).not.toContain(c.text);
    expect(engine.openIncidents()[0]!.members[0]!.last.kql).toBe('matches.name:"Acme" and reply.needed:true and not response.answeredAt:*');
  });

  it('does not page when an owned account answered in time; an answer after the page resolves the incident', () => {
    const a = backtestEngine([RULE]);
    const c1 = critic(T0);
    expect(run(a.engine, a.clock, [c1, ownedReply(T0 + 10 * MIN, c1)], T0 + 3 * 60 * MIN)).toEqual([]);

    const b = backtestEngine([{ ...RULE, resolveAfter: '5m' }]);
    const c2 = critic(T0);
    const late = run(b.engine, b.clock, [c2, ownedReply(T0 + 30 * MIN, c2)], T0 + 3 * 60 * MIN);
    expect(types(late)).toEqual(['opened', 'resolved']);
    expect(Date.parse(late[1]!.eventTime)).toBeGreaterThanOrEqual(T0 + 35 * MIN);
  });

  it('a reply that is not by an owned account, or on another platform, answers nothing', () => {
    const { engine, clock } = backtestEngine([RULE]);
    const c = critic(T0);
    const stranger = { ...ownedReply(T0 + 5 * MIN, c), reply: { needed: true, reasons: ['question' as const] } };
    const elsewhere = ownedReply(T0 + 6 * MIN, c, 'mastodon');
    expect(types(run(engine, clock, [c, stranger, elsewhere], T0 + 30 * MIN))).toEqual(['opened']);
  });

  it('a reply that arrives before its parent cancels the wait when the parent comes', () => {
    const { engine, clock } = backtestEngine([RULE]);
    const c = critic(T0);
    // The reply's connector polled first; the parent arrives 20 minutes later (within the allowed lateness).
    const alerts = feed(engine, clock, [[ownedReply(T0 + 3 * MIN, c)], [critic(T0 + 20 * MIN)], [c]], T0 + 30 * MIN);
    // Only the other critic (published at +20 min, unanswered) pages, at +35 min.
    expect(types(alerts)).toEqual([]);
    const later = feed(engine, clock, [], T0 + 40 * MIN);
    expect(types(later)).toEqual(['opened']);
    expect(later[0]!.evidence.samples.map((s) => s.id)).not.toContain(c.id);
  });

  it('re-delivery changes nothing: one page per mention, and an answered mention delivered again does not wait again', () => {
    const { engine, clock } = backtestEngine([{ ...RULE, resolveAfter: '5m', cooldown: '1m' }]);
    const c = critic(T0);
    const first = run(engine, clock, [c], T0 + 20 * MIN);
    const again = feed(engine, clock, [[c], [c]], T0 + 25 * MIN);
    expect(types([...first, ...again])).toEqual(['opened']);
    expect(again).toEqual([]);
    const reply = ownedReply(T0 + 26 * MIN, c);
    const after = feed(engine, clock, [[reply], [c], [reply], [c]], T0 + 90 * MIN);
    expect(types(after)).toEqual(['resolved']);
  });

  it('a restart mid-wait neither loses the wait nor pages twice', () => {
    const rules = [RULE];
    const a = backtestEngine(rules);
    const c = critic(T0);
    expect(run(a.engine, a.clock, [c], T0 + 5 * MIN)).toEqual([]);
    const checkpoint = a.engine.takeChanges();
    expect(JSON.stringify(checkpoint)).not.toContain(c.text);

    // Another process restores the checkpoint and keeps evaluating: the wait pages at +15 min.
    const b = backtestEngine(rules);
    for (const r of checkpoint) b.engine.restore(r);
    const paged = run(b.engine, b.clock, [], T0 + 20 * MIN);
    expect(types(paged)).toEqual(['opened']);
    const after = [...checkpoint, ...b.engine.takeChanges()];

    // Restarted again after the page: the incident is open and already paged, nothing new.
    const d = backtestEngine(rules);
    for (const r of after) d.engine.restore(r);
    expect(run(d.engine, d.clock, [c], T0 + 40 * MIN)).toEqual([]);
    // The reply still cancels it after the restart.
    const resolved = run(d.engine, d.clock, [ownedReply(T0 + 41 * MIN, c)], T0 + 90 * MIN);
    expect(types(resolved)).toEqual(['resolved']);
  });

  it('a reply remembered before a restart still cancels its parent that comes after it', () => {
    const a = backtestEngine([RULE]);
    const c = critic(T0);
    feed(a.engine, a.clock, [[ownedReply(T0 + 2 * MIN, c)]], T0 + 3 * MIN);
    const b = backtestEngine([RULE]);
    for (const r of a.engine.takeChanges()) b.engine.restore(r);
    expect(feed(b.engine, b.clock, [[c]], T0 + 60 * MIN)).toEqual([]);
  });

  it('priority threshold: a low-priority question never pages; a middling complaint pages when its wait lifts it over', () => {
    const { engine, clock } = backtestEngine([RULE]);
    const low = critic(T0, { influence: 10, sentiment: 0, reasons: ['question'] });
    expect(run(engine, clock, [low], T0 + 5 * 60 * MIN)).toEqual([]);

    const m = backtestEngine([RULE]);
    // Influence 40, sentiment -0.5: 34 without waiting; the waiting term (20 over 2 h) adds 16 after 96 min.
    const mid = critic(T0, { influence: 40, sentiment: -0.5 });
    const alerts = run(m.engine, m.clock, [mid], T0 + 3 * 60 * MIN);
    expect(types(alerts)).toEqual(['opened']);
    const at = Date.parse(alerts[0]!.eventTime);
    expect(at).toBeGreaterThan(T0 + 90 * MIN);
    expect(at).toBeLessThanOrEqual(T0 + 100 * MIN);
    expect(alerts[0]!.evidence.metrics.maxPriority).toBeGreaterThanOrEqual(50);
  });

  it('ten critics waiting in a crisis are one page whose evidence lists them; later ones join that incident', () => {
    const { engine, clock } = backtestEngine([RULE]);
    const crisis = Array.from({ length: 10 }, (_, i) => critic(T0 - i * 5000, { author: `critic_${i}` }));
    const spreadOut = Array.from({ length: 10 }, (_, i) => critic(T0 + (i + 1) * 2 * MIN, { author: `later_${i}` }));
    const alerts = run(engine, clock, [...crisis, ...spreadOut], T0 + 60 * MIN);
    // One page; the count growing past escalateFactor (2) gives a quiet update, never a second page.
    expect(types(alerts)).toEqual(['opened', 'updated']);
    expect(alerts[0]!.evidence.count).toBe(10);
    expect(new Set(alerts[0]!.evidence.samples.map((s) => s.author))).toEqual(new Set(crisis.map((c) => c.author!.handle)));
    expect(alerts[0]!.evidence.topAuthors).toHaveLength(10);
    expect(alerts[1]!.evidence.count).toBe(20);
    expect(alerts[1]!.incidentId).toBe(alerts[0]!.incidentId);
    expect(engine.openIncidents()).toHaveLength(1);
  });

  it("joins the scope's open incident instead of paging again", () => {
    const { engine, clock } = backtestEngine([{ kind: 'influential_negative', name: 'vip', scope: { names: ['Acme'] }, minInfluence: 50, window: '1h' }, RULE]);
    const c = critic(T0);
    const alerts = run(engine, clock, [c], T0 + 30 * MIN);
    // influential_negative opens at +1 min; unanswered joins the same incident at +15 min, quietly.
    expect(alerts.map((a) => [a.type, a.rule])).toEqual([
      ['opened', 'vip'],
      ['updated', 'acme-waiting'],
    ]);
    expect(alerts[1]!.incidentId).toBe(alerts[0]!.incidentId);
    expect(alerts[1]!.rules.map((r) => r.kind)).toEqual(['influential_negative', 'unanswered']);
  });

  it('a critical severity pages again in an open warning incident; quiet hours hold a warning back', () => {
    const a = backtestEngine([{ kind: 'influential_negative', name: 'vip', scope: { names: ['Acme'] }, minInfluence: 50, criticalInfluence: 95, window: '1h' }, { ...RULE, severity: 'critical' }]);
    expect(types(run(a.engine, a.clock, [critic(T0)], T0 + 30 * MIN))).toEqual(['opened', 'escalated']);

    // 15:00 UTC is 10:00 in Montreal: quiet from 09:00 to 12:00, the page waits until 12:00 (17:00 UTC).
    const q = backtestEngine([RULE], { quietHours: { from: '09:00', to: '12:00', minSeverity: 'critical' } });
    const held = run(q.engine, q.clock, [critic(T0)], T0 + 3 * 60 * MIN);
    expect(types(held)).toEqual(['opened']);
    expect(held[0]!.eventTime).toBe('2026-01-05T17:00:00.000Z');
  });

  it('a mention still waiting after forgetAfter stops counting: the incident resolves and it never pages again', () => {
    const { engine, clock } = backtestEngine([{ ...RULE, forgetAfter: '2h', resolveAfter: '5m', cooldown: '1m' }]);
    const alerts = run(engine, clock, [critic(T0)], T0 + 6 * 60 * MIN);
    expect(types(alerts)).toEqual(['opened', 'resolved']);
    expect(Date.parse(alerts[1]!.eventTime)).toBeGreaterThan(T0 + 2 * 60 * MIN);
  });

  it('mentions that need no reply, and the brand’s own posts, never wait', () => {
    const { engine, clock } = backtestEngine([RULE]);
    const fine = { ...critic(T0), reply: { needed: false, reasons: [] } };
    const own = { ...critic(T0), reply: { needed: false, reasons: [], owner: 'Acme' } };
    const older = { ...critic(T0), reply: undefined };
    const other = { ...critic(T0), matches: [{ name: 'Rival', role: 'competitor' as const }] };
    expect(run(engine, clock, [fine, own, older, other], T0 + 60 * MIN)).toEqual([]);
  });

  it('pages only where an answer could be seen: a brand the mention names owns an account on its platform', () => {
    // As the stages and the replay build it: the owned platforms come from the watch config.
    const tracked = trackedPlatforms([{ name: 'Acme', owned: { x: ['1234'] } }, { name: 'Zenith' }]);
    const rules = buildRules([ruleConfigSchema.parse({ ...RULE, scope: { roles: ['brand'], split: false } })], { logger: silentLogger(), clock: new FakeClock(0), metrics: new Metrics() }, undefined, tracked);
    const { engine, clock } = backtestEngine([], { rules });
    const rule = rules[0]!.rule as UnansweredRule;
    const onX = critic(T0, { id: 'x:1', platform: 'x' });
    const onRss = critic(T0, { id: 'rss:1', platform: 'rss' });
    const onMastodon = critic(T0, { id: 'mastodon:1', platform: 'mastodon' });
    // Zenith has no owned account at all; a mention naming both is tracked through Acme's.
    const zenith = { ...critic(T0, { id: 'x:2', platform: 'x' }), matches: [{ name: 'Zenith', role: 'brand' as const }] };
    const both = { ...critic(T0, { id: 'x:3', platform: 'x' }), matches: [{ name: 'Zenith', role: 'brand' as const }, { name: 'Acme', role: 'brand' as const }] };
    const alerts = run(engine, clock, [onX, onRss, onMastodon, zenith, both], T0 + 60 * MIN);
    expect(types(alerts)).toEqual(['opened']);
    expect(alerts[0]!.evidence.samples.map((x) => x.id).sort()).toEqual(['x:1', 'x:3']);
    expect(rule.untracked).toBe(3);
  });

  it('the desk: a handled mention stops waiting, a snoozed one pages when the snooze ends unless handled', () => {
    const rule = new UnansweredRule(ruleConfigSchema.parse(RULE) as UnansweredConfig);
    const a = critic(T0);
    const b = critic(T0);
    rule.observe(a);
    rule.observe(b);
    // Not due yet: nothing to ask.
    expect(rule.deskCandidates(T0 + 10 * MIN)).toEqual([]);
    const due = rule.deskCandidates(T0 + 15 * MIN);
    expect(due.sort()).toEqual([a.id, b.id].sort());
    // Asked lately: not asked again for 30 s.
    expect(rule.deskCandidates(T0 + 15 * MIN + 10_000)).toEqual([]);
    rule.settle(due, new Map<string, DeskVerdict>([[a.id, { handled: true }], [b.id, { snoozedUntil: T0 + 60 * MIN }]]));
    expect(rule.evaluate(new Date(T0 + 30 * MIN))).toEqual([]);
    const [t] = rule.evaluate(new Date(T0 + 61 * MIN));
    expect(t!.evidence.samples.map((s) => s.id)).toEqual([b.id]);
    // Reopened on the desk (no state any more): pages at once.
    rule.settle([b.id], new Map());
    expect(rule.evaluate(new Date(T0 + 31 * MIN))).toHaveLength(1);
  });

  it('refuses bad config with messages that say what is expected', () => {
    const problems = (over: object) => {
      const r = ruleConfigSchema.safeParse({ ...RULE, ...over });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(problems({ after: 15 })).toEqual(['after: must be a duration with its unit, such as "15m" or "2h"']);
    expect(problems({ after: '15 minutes' })[0]).toMatch(/^after: must be a duration such as "30s"/);
    expect(problems({ after: '10s' })).toEqual(['after: must be between 1m and 1w, got "10s"']);
    expect(problems({ minPriority: 150 })).toEqual(['minPriority: must be a priority from 0 to 100']);
    expect(problems({ severity: 'urgent' })[0]).toMatch(/^severity: /);
    expect(problems({ after: '2h', forgetAfter: '1h' })).toEqual(['forgetAfter: must be longer than after (120 min), got 60 min']);
    expect(problems({ minPrio: 50 })[0]).toMatch(/Unrecognized key: "minPrio"/);
  });

  it('cooldown: a critic overdue right after the incident resolved pages when the cooldown ends, if still waiting', () => {
    const { engine, clock } = backtestEngine([{ ...RULE, resolveAfter: '5m', cooldown: '30m' }]);
    const c1 = critic(T0);
    const c2 = critic(T0 + 25 * MIN, { author: 'second' });
    const alerts = run(engine, clock, [c1, ownedReply(T0 + 20 * MIN, c1), c2], T0 + 2 * 60 * MIN);
    expect(types(alerts)).toEqual(['opened', 'resolved', 'opened']);
    const resolvedAt = Date.parse(alerts[1]!.eventTime);
    // c2 was due at +40 min, inside the cooldown: it waits for the cooldown's end.
    expect(Date.parse(alerts[2]!.eventTime)).toBe(resolvedAt + 30 * MIN);
    expect(alerts[2]!.evidence.samples.map((s) => s.author)).toEqual(['second']);
  });
});
