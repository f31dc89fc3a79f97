import type { EnrichedMention } from '../../../core/mention.ts';
import { PRIORITY_FULL_WAIT_MS, priorityOf } from '../../../core/priority.ts';
import { iso } from '../base.ts';
import type { UnansweredConfig } from './config.ts';

/**
 * One mention waiting for the brand's answer. Checkpointed on the state topic, so it holds ids,
 * figures and the link, never the post's text (records stay small; pages point to the post).
 */
export interface Wait {
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

/** The wait of a mention published at `t` that needs a reply (`due` still to be set). */
export function waitOf(m: Readonly<EnrichedMention>, t: number): Wait {
  return {
    id: m.id,
    platform: m.source.kind,
    at: t,
    due: 0,
    ...(m.author ? { author: m.author.handle ?? m.author.name ?? m.author.id } : {}),
    ...(m.url ? { url: m.url } : {}),
    score: m.sentiment.score,
    ...(m.influence ? { influence: m.influence.score, reach: m.influence.reach } : {}),
    ...(m.reply?.reasons.includes('complaint') ? { complaint: true } : {}),
  };
}

/** The desk's priority of a wait at time `t` (ms). */
export function priorityAt(w: Wait, t: number): number {
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
