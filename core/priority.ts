/** What the priority of a waiting mention is computed from. */
export interface PriorityInput {
  publishedAt: string;
  sentiment: { score: number };
  influence?: { score: number; reach: number } | undefined;
  reply?: { reasons: readonly string[] } | undefined;
}

/** Weights of the four terms (sum 100): who speaks, how angry, how many see it, how long it waits. */
export const PRIORITY_WEIGHTS = { influence: 35, negativity: 30, reach: 15, waiting: 20 } as const;
/** Waiting time at which the waiting term is full. */
export const PRIORITY_FULL_WAIT_MS = 2 * 3600_000;

/**
 * Priority of a waiting mention, 0–100: influence (the enricher's 0–100 score), negativity (a
 * complaint counts half even when the model is unsure), reach (log scale, full at a million) and
 * waiting time (linear, full at two hours). Computed at read time: the waiting term grows.
 */
export function priorityOf(m: PriorityInput, nowMs: number): number {
  const w = PRIORITY_WEIGHTS;
  const influence = Math.min(1, Math.max(0, (m.influence?.score ?? 0) / 100));
  const complaint = m.reply?.reasons.includes('complaint') ? 0.5 : 0;
  const negativity = Math.max(complaint, Math.min(1, Math.max(0, -m.sentiment.score)));
  const reach = Math.min(1, Math.log10(1 + Math.max(0, m.influence?.reach ?? 0)) / 6);
  const waiting = Math.min(1, Math.max(0, nowMs - Date.parse(m.publishedAt)) / PRIORITY_FULL_WAIT_MS);
  return Math.round((w.influence * influence + w.negativity * negativity + w.reach * reach + w.waiting * waiting) * 10) / 10;
}
