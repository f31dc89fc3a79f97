import { answerOf } from '../../../core/answer.ts';
import type { EnrichedMention } from '../../../core/mention.ts';
import { answerTracked, type TrackedPlatforms } from '../../../core/owned.ts';
import { PRIORITY_FULL_WAIT_MS, priorityOf } from '../../../core/priority.ts';
import type { DeskAware, DeskVerdict, SampleMention, StatefulRule, Trigger } from '../../contracts.ts';
import { kqlAnd } from '../../kql.ts';
import { scopeKql, scopesOf } from '../../scope.ts';
import { fmtDuration, iso } from '../base.ts';
import type { UnansweredConfig } from './config.ts';

/**
 * One mention waiting for the brand's answer. Checkpointed on the state topic, so it holds ids,
 * figures and the link, never the post's text (records stay small; pages point to the post).
 */
interface Wait {
  id: string;
  platform: string;
  /** Publication time (ms). */
  at: number;
  /** When it pages if still unanswered: `after`, or later when only a longer wait lifts its priority over `minPriority`. */
  due: number;
  author?: string;
  url?: string;
  /** What the priority is computed from (recomputed at each evaluation: the waiting term grows). */
  score: number;
  influence?: number;
  reach?: number;
  complaint?: boolean;
  /** Snoozed on the desk until (ms): it does not page before. */
  snoozedUntil?: number;
}

interface ScopeState {
  waits: Map<string, Wait>;
  /** Mentions answered, handled on the desk or forgotten (id → publication time): a re-delivery does not wait again. */
  done: Map<string, number>;
}

interface ScopeJson {
  waits: Wait[];
  done: Array<[string, number]>;
}

/** State key of the owned replies seen (not a scope: a reply need not match any watch entry). */
const ANSWERS = '~answers';
/** Margin past the allowed lateness for which replies are remembered (a reply can look older than its parent when clocks disagree). */
const ANSWER_MARGIN_MS = 3_600_000;
/** How often (event time) the desk is asked again about a mention already due. */
const DESK_RECHECK_MS = 30_000;
/** Mentions quoted in a page (the count covers all). */
const SAMPLES = 10;
/** What the Kibana link selects: the queue. */
const QUEUE_KQL = 'reply.needed:true and not response.answeredAt:*';

const answerKey = (platform: string, id: string) => `${platform}\n${id}`;
const brandsOf = (m: Readonly<EnrichedMention>) => m.matches.filter((x) => x.role === 'brand').map((x) => x.name);

function priorityAt(w: Wait, t: number): number {
  return priorityOf(
    {
      publishedAt: iso(w.at),
      sentiment: { score: w.score },
      influence: w.influence === undefined ? undefined : { score: w.influence, reach: w.reach ?? 0 },
      reply: { reasons: w.complaint ? ['complaint'] : [] },
    },
    t,
  );
}

/**
 * When a wait pages: at `after` when its priority is already high enough, else at the first
 * second its growing waiting term lifts it to `minPriority` (priority never falls with time), or
 * never when even a full wait does not.
 */
export function dueOf(w: Wait, c: Pick<UnansweredConfig, 'after' | 'minPriority' | 'forgetAfter'>): number | undefined {
  const first = w.at + c.after;
  if (priorityAt(w, first) >= c.minPriority) return first;
  const last = Math.min(w.at + PRIORITY_FULL_WAIT_MS, w.at + c.forgetAfter);
  if (last <= first || priorityAt(w, last) < c.minPriority) return undefined;
  let lo = first;
  let hi = last;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2);
    if (priorityAt(w, mid) >= c.minPriority) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Pages when a mention that needs the brand's reply is still unanswered `after` its
 * publication. The owned replies come through the same stream: a reply cancels its parent's
 * wait, and one that comes first is remembered, so its parent never waits. Every wait is
 * checkpointed with the rule's state (a restart neither loses one nor pages twice: the incident
 * that already paged is checkpointed with it). One trigger per scope lists every overdue mention,
 * so ten critics waiting at once are one incident; a mention stays in it until answered, handled
 * on the desk or `forgetAfter`, and so pages at most once.
 */
export class UnansweredRule implements StatefulRule, DeskAware {
  private readonly states = new Map<string, ScopeState>();
  /** Owned replies seen: `<platform>\n<parent id>` → earliest reply time (ms). */
  private readonly answers = new Map<string, number>();
  private readonly dirty = new Set<string>();
  /** Event time the desk was last asked about a wait (not checkpointed: asking again is harmless). */
  private readonly asked = new Map<string, number>();
  private watermark = -Infinity;
  /** Set by the worker when a desk is consulted: due waits then page only once asked about. */
  private deskInUse = false;
  /** Where an answer can be seen (set by trackOnly); unset: every platform. */
  private tracked: TrackedPlatforms | undefined;
  /** Mentions ignored because later than the allowed lateness. */
  tooLate = 0;
  /** Waits dropped because a scope held `maxWaiting` of higher priority. */
  dropped = 0;
  /** Mentions needing a reply that never wait: no brand they name has an owned account on their platform. */
  untracked = 0;

  constructor(private readonly cfg: UnansweredConfig) {}

  observe(m: Readonly<EnrichedMention>): void {
    const t = Date.parse(m.publishedAt);
    if (!Number.isFinite(t)) return;
    const a = answerOf(m);
    // A reply cancels its parent's wait even when it comes late.
    if (a) this.answer(a.platform, a.parentId, t);
    if (t < this.watermark - this.cfg.allowedLateness) {
      this.tooLate += 1;
      return;
    }
    if (t > this.watermark) this.watermark = t;
    // Owned posts never wait (reply.needed is false for them; checked again for older enrichments).
    if (m.reply?.owner !== undefined || m.reply?.needed !== true) return;
    // No owned account of theirs on this platform: no answer could ever cancel the page (the
    // desk lists these apart and the report's rate leaves them out).
    if (this.tracked && !answerTracked(m.source.kind, brandsOf(m), this.tracked)) {
      this.untracked += 1;
      return;
    }
    for (const scope of scopesOf(m, this.cfg.scope)) {
      const s = this.state(scope);
      if (s.waits.has(m.id) || s.done.has(m.id)) continue;
      if (this.answers.has(answerKey(m.source.kind, m.id))) {
        s.done.set(m.id, t);
        this.dirty.add(scope);
        continue;
      }
      const w: Wait = {
        id: m.id,
        platform: m.source.kind,
        at: t,
        due: 0,
        ...(m.author ? { author: m.author.handle ?? m.author.name ?? m.author.id } : {}),
        ...(m.url ? { url: m.url } : {}),
        score: m.sentiment.score,
        ...(m.influence ? { influence: m.influence.score, reach: m.influence.reach } : {}),
        ...(m.reply.reasons.includes('complaint') ? { complaint: true } : {}),
      };
      const due = dueOf(w, this.cfg);
      if (due === undefined) continue;
      w.due = due;
      this.admit(scope, s, w);
    }
  }

  evaluate(now: Date): Trigger[] {
    const t = now.getTime();
    this.prune(t);
    const out: Trigger[] = [];
    for (const [scope, s] of this.states) {
      const firing = [...s.waits.values()].filter((w) => w.due <= t && !(w.snoozedUntil !== undefined && w.snoozedUntil > t) && (!this.deskInUse || this.asked.has(w.id)));
      if (firing.length > 0) out.push(this.trigger(scope, firing, t));
    }
    return out;
  }

  /**
   * Pages only for mentions an answer could be seen for: a brand they name has an owned account
   * on their platform (`trackedPlatforms(config.watch)`, as the desk and the report count).
   */
  trackOnly(tracked: TrackedPlatforms): void {
    this.tracked = tracked;
  }

  useDesk(): void {
    this.deskInUse = true;
  }

  /** Due waits the desk has not been asked about lately (at most `limit`). */
  deskCandidates(nowMs: number, limit = 500): string[] {
    const out: string[] = [];
    for (const s of this.states.values()) {
      for (const w of s.waits.values()) {
        if (w.due > nowMs || out.length >= limit) continue;
        const last = this.asked.get(w.id);
        if (last !== undefined && nowMs - last < DESK_RECHECK_MS) continue;
        this.asked.set(w.id, nowMs);
        out.push(w.id);
      }
    }
    return out;
  }

  /** The desk's answer about `asked`: handled ones stop waiting, snoozed ones wait until then, the others page. */
  settle(asked: readonly string[], verdicts: ReadonlyMap<string, DeskVerdict>): void {
    for (const [scope, s] of this.states) {
      for (const id of asked) {
        const w = s.waits.get(id);
        if (!w) continue;
        const v = verdicts.get(id);
        if (v?.handled) {
          s.waits.delete(id);
          s.done.set(id, w.at);
          this.asked.delete(id);
        } else if (v?.snoozedUntil !== undefined) w.snoozedUntil = v.snoozedUntil;
        else if (w.snoozedUntil !== undefined) delete w.snoozedUntil;
        else continue;
        this.dirty.add(scope);
      }
    }
  }

  private answer(platform: string, parentId: string, t: number): void {
    const key = answerKey(platform, parentId);
    const prev = this.answers.get(key);
    if (prev === undefined || t < prev) {
      this.answers.set(key, t);
      this.dirty.add(ANSWERS);
    }
    for (const [scope, s] of this.states) {
      const w = s.waits.get(parentId);
      if (!w || w.platform !== platform) continue;
      s.waits.delete(parentId);
      s.done.set(parentId, w.at);
      this.asked.delete(parentId);
      this.dirty.add(scope);
    }
  }

  /** Keeps at most `maxWaiting` per scope: the lowest priority (at its due time) goes first. */
  private admit(scope: string, s: ScopeState, w: Wait): void {
    if (s.waits.size >= this.cfg.maxWaiting) {
      let low: Wait | undefined;
      for (const x of s.waits.values()) if (!low || priorityAt(x, x.due) < priorityAt(low, low.due)) low = x;
      this.dropped += 1;
      if (!low || priorityAt(w, w.due) <= priorityAt(low, low.due)) return;
      s.waits.delete(low.id);
      this.asked.delete(low.id);
    }
    s.waits.set(w.id, w);
    this.dirty.add(scope);
  }

  /**
   * Forgets what can no longer matter: waits past `forgetAfter` (they never page again), done
   * ids and replies older than the allowed lateness (a re-delivery or a parent that old is
   * dropped as too late anyway).
   */
  private prune(t: number): void {
    const lateLimit = this.watermark - this.cfg.allowedLateness;
    for (const [scope, s] of this.states) {
      for (const w of s.waits.values()) {
        if (t - w.at <= this.cfg.forgetAfter) continue;
        s.waits.delete(w.id);
        s.done.set(w.id, w.at);
        this.asked.delete(w.id);
        this.dirty.add(scope);
      }
      for (const [id, at] of s.done) {
        if (at >= lateLimit) continue;
        s.done.delete(id);
        this.dirty.add(scope);
      }
      if (s.waits.size === 0 && s.done.size === 0) this.states.delete(scope);
    }
    for (const [key, at] of this.answers) {
      if (at >= lateLimit - ANSWER_MARGIN_MS) continue;
      this.answers.delete(key);
      this.dirty.add(ANSWERS);
    }
  }

  private trigger(scope: string, firing: Wait[], t: number): Trigger {
    const c = this.cfg;
    const ranked = firing.map((w) => ({ w, p: priorityAt(w, t) })).sort((a, b) => b.p - a.p || a.w.at - b.w.at);
    const oldest = Math.min(...firing.map((w) => w.at));
    const top = ranked[0]!;
    const minutes = (w: Wait) => Math.floor((t - w.at) / 60_000);
    const samples: SampleMention[] = ranked.slice(0, SAMPLES).map(({ w, p }) => ({
      id: w.id,
      ...(w.url ? { url: w.url } : {}),
      // Platform, age and priority instead of the post's text: the link leads to it.
      text: `[${w.platform} · ${minutes(w)} min · P${Math.round(p)}]`,
      ...(w.author ? { author: w.author } : {}),
      source: w.platform,
      publishedAt: iso(w.at),
      sentiment: w.score,
      ...(w.influence !== undefined ? { influence: w.influence } : {}),
    }));
    const authors = new Map<string, number>();
    for (const w of firing) if (w.author) authors.set(w.author, (authors.get(w.author) ?? 0) + 1);
    const n = firing.length;
    const longest = Math.floor((t - oldest) / 60_000);
    const who = top.w.author ?? '?';
    const base = scopeKql(scope, c.scope);
    return {
      rule: c.name,
      kind: 'unanswered',
      scope,
      severity: c.severity,
      value: n,
      eventTime: iso(t),
      reason: {
        en: `${n} mention(s) waiting for a reply for more than ${fmtDuration(c.after)} (longest ${longest} min; top priority ${Math.round(top.p)}: ${who} on ${top.w.platform})`,
        fr: `${n} mention(s) sans réponse depuis plus de ${fmtDuration(c.after)} (la plus ancienne : ${longest} min ; priorité la plus haute ${Math.round(top.p)} : ${who} sur ${top.w.platform})`,
      },
      evidence: {
        count: n,
        window: { from: iso(oldest), to: iso(t) },
        metrics: { waiting: n, longestMinutes: longest, maxPriority: Math.round(top.p), afterMinutes: Math.round(c.after / 60_000), minPriority: c.minPriority },
        samples,
        topAuthors: [...authors].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([author, count]) => ({ author, count })),
        topTerms: [],
      },
      kql: kqlAnd(base, QUEUE_KQL),
      kqlBroad: base,
    };
  }

  private state(scope: string): ScopeState {
    let s = this.states.get(scope);
    if (!s) {
      s = { waits: new Map(), done: new Map() };
      this.states.set(scope, s);
    }
    return s;
  }

  takeDirty(): string[] {
    const d = [...this.dirty];
    this.dirty.clear();
    return d;
  }

  scopes(): string[] {
    return [...this.states.keys(), ...(this.answers.size ? [ANSWERS] : [])];
  }

  exportScope(scope: string): unknown {
    const wm = Number.isFinite(this.watermark) ? this.watermark : null;
    if (scope === ANSWERS) return this.answers.size ? { watermark: wm, answers: [...this.answers] } : undefined;
    const s = this.states.get(scope);
    return s ? { watermark: wm, state: { waits: [...s.waits.values()], done: [...s.done] } satisfies ScopeJson } : undefined;
  }

  importScope(scope: string, json: unknown): void {
    const j = json as { watermark?: number | null; state?: ScopeJson; answers?: Array<[string, number]> };
    if (typeof j.watermark === 'number' && j.watermark > this.watermark) this.watermark = j.watermark;
    if (scope === ANSWERS) {
      for (const [k, at] of j.answers ?? []) this.answers.set(k, Math.min(at, this.answers.get(k) ?? at));
      return;
    }
    if (!j.state) return;
    this.states.set(scope, { waits: new Map(j.state.waits.map((w) => [w.id, w])), done: new Map(j.state.done) });
  }
}
