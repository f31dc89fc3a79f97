import { answerOf } from '../../../core/answer.ts';
import type { EnrichedMention } from '../../../core/mention.ts';
import type { DeskAware, DeskVerdict, StatefulRule, Trigger } from '../../contracts.ts';
import { scopesOf } from '../../scope.ts';
import type { UnansweredConfig } from './config.ts';
import { triggerOf } from './evidence.ts';
import { answerKey, WaitMemory, type ScopeState } from './memory.ts';
import { dueOf, priorityAt, waitOf, type Wait } from './wait.ts';

/** How often (event time) the desk is asked again about a mention already due. */
const DESK_RECHECK_MS = 30_000;

/**
 * Pages when a mention that needs the brand's reply is still unanswered `after` its
 * publication. The owned replies come through the same stream: a reply cancels its parent's
 * wait, and one that comes first is remembered, so its parent never waits. Every wait is
 * checkpointed with the rule's state (a restart neither loses one nor pages twice: the incident
 * that already paged is checkpointed with it). One trigger per scope lists every overdue mention,
 * so ten critics waiting at once are one incident; a mention stays in it until answered, handled
 * on the desk or `forgetAfter`, and so pages at most once.
 */
export class UnansweredRule extends WaitMemory implements StatefulRule, DeskAware {
  /** Set by the worker when a desk is consulted: due waits then page only once asked about. */
  private deskInUse = false;
  /** Mentions ignored because later than the allowed lateness. */
  tooLate = 0;
  /** Waits dropped because a scope held `maxWaiting` (the new one or the lowest-priority one). */
  droppedWaits = 0;

  constructor(private readonly cfg: UnansweredConfig) {
    super();
  }

  observe(m: Readonly<EnrichedMention>): void {
    const t = Date.parse(m.publishedAt);
    if (!Number.isFinite(t)) return;
    const a = answerOf(m);
    // A reply cancels its parent's wait even when it comes late.
    if (a) this.answer(a.platform, a.parentId, t);
    if (t < this.watermark - this.cfg.allowedLateness) {
      // A late reply was used above: only a late mention that could have waited is lost.
      if (!a) this.tooLate += 1;
      return;
    }
    if (t > this.watermark) this.watermark = t;
    // Owned posts never wait (reply.needed is false for them; checked again for older enrichments).
    if (m.reply?.owner !== undefined || m.reply?.needed !== true) return;
    for (const scope of scopesOf(m, this.cfg.scope)) {
      const s = this.state(scope);
      if (s.waits.has(m.id) || s.done.has(m.id)) continue;
      if (this.answers.has(answerKey(m.source.kind, m.id))) {
        s.done.set(m.id, t);
        this.dirty.add(scope);
        continue;
      }
      const w = waitOf(m, t);
      const due = dueOf(w, this.cfg);
      if (due === undefined) continue;
      w.due = due;
      this.admit(scope, s, w);
    }
  }

  evaluate(now: Date): Trigger[] {
    const t = now.getTime();
    this.prune(t, this.cfg);
    const out: Trigger[] = [];
    for (const [scope, s] of this.states) {
      const firing = [...s.waits.values()].filter((w) => w.due <= t && !(w.snoozedUntil !== undefined && w.snoozedUntil > t) && (!this.deskInUse || this.asked.has(w.id)));
      if (firing.length > 0) out.push(triggerOf(this.cfg, scope, firing, t));
    }
    return out;
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
        if (v?.handled) this.close(scope, s, w);
        else if (v?.snoozedUntil !== undefined) w.snoozedUntil = v.snoozedUntil;
        else if (w.snoozedUntil !== undefined) delete w.snoozedUntil;
        else continue;
        this.dirty.add(scope);
      }
    }
  }

  /** Keeps at most `maxWaiting` per scope: the lowest priority (at its due time) goes first. */
  private admit(scope: string, s: ScopeState, w: Wait): void {
    if (s.waits.size >= this.cfg.maxWaiting) {
      let low: Wait | undefined;
      for (const x of s.waits.values()) if (!low || priorityAt(x, x.due) < priorityAt(low, low.due)) low = x;
      this.droppedWaits += 1;
      if (!low || priorityAt(w, w.due) <= priorityAt(low, low.due)) return;
      s.waits.delete(low.id);
      this.asked.delete(low.id);
    }
    s.waits.set(w.id, w);
    this.dirty.add(scope);
  }
}
