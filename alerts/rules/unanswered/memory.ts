import type { UnansweredConfig } from './config.ts';
import type { Wait } from './wait.ts';

export interface ScopeState {
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

export const answerKey = (platform: string, id: string) => `${platform}\n${id}`;

/**
 * What the unanswered rule remembers: the waits and done ids of each scope, the owned replies
 * seen, and which of them changed since the last checkpoint. Checkpointed scope by scope, the
 * replies under their own key.
 */
export abstract class WaitMemory {
  protected readonly states = new Map<string, ScopeState>();
  /** Owned replies seen: `<platform>\n<parent id>` → earliest reply time (ms). */
  protected readonly answers = new Map<string, number>();
  protected readonly dirty = new Set<string>();
  /** Event time the desk was last asked about a wait (not checkpointed: asking again is harmless). */
  protected readonly asked = new Map<string, number>();
  protected watermark = -Infinity;

  protected state(scope: string): ScopeState {
    let s = this.states.get(scope);
    if (!s) {
      s = { waits: new Map(), done: new Map() };
      this.states.set(scope, s);
    }
    return s;
  }

  /** Ends a wait (answered, handled or forgotten): its mention never waits again while remembered. */
  protected close(scope: string, s: ScopeState, w: Wait): void {
    s.waits.delete(w.id);
    s.done.set(w.id, w.at);
    this.asked.delete(w.id);
    this.dirty.add(scope);
  }

  /** Remembers an owned reply to `parentId` at `t` and ends its parent's waits. */
  protected answer(platform: string, parentId: string, t: number): void {
    const key = answerKey(platform, parentId);
    const prev = this.answers.get(key);
    if (prev === undefined || t < prev) {
      this.answers.set(key, t);
      this.dirty.add(ANSWERS);
    }
    for (const [scope, s] of this.states) {
      const w = s.waits.get(parentId);
      if (!w || w.platform !== platform) continue;
      this.close(scope, s, w);
    }
  }

  /**
   * Forgets what can no longer matter: waits past `forgetAfter` (they never page again), done
   * ids and replies older than the allowed lateness (a re-delivery or a parent that old is
   * dropped as too late anyway).
   */
  protected prune(t: number, c: Pick<UnansweredConfig, 'allowedLateness' | 'forgetAfter'>): void {
    const lateLimit = this.watermark - c.allowedLateness;
    for (const [scope, s] of this.states) {
      for (const w of s.waits.values()) if (t - w.at > c.forgetAfter) this.close(scope, s, w);
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
