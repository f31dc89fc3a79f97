import type { EnrichedMention } from '../core/mention.ts';

/** How long (event time) and how many (original, author) pairs the voice count remembers. */
const VOICE_MEMORY_MS = 86_400_000;
const VOICE_MEMORY_MAX = 100_000;

/** The account behind a mention (platform + id, handle or name), undefined when unknown. */
export function accountOf(m: Readonly<EnrichedMention>): string | undefined {
  const a = m.author;
  const who = a?.id ?? a?.handle?.replace(/^@/, '').toLowerCase() ?? a?.name;
  return who ? `${m.source.kind}:${who}` : undefined;
}

/**
 * Counts voices, not copies. A near-duplicate posted by another account is another voice (a
 * repost storm by many people is the crisis); the same account posting the same text again is
 * not (a bot flood is one voice). A copy whose account is unknown counts once, through its
 * original. The memory is bounded (a day of event time, 100,000 pairs) and not checkpointed:
 * after a restart an account's next copy of a text it already posted counts once more.
 */
export class Voices {
  private readonly seen = new Map<string, number>();
  /**
   * The same pairs in the order they were remembered, forgotten from the front. A queue rather
   * than iterating the Map from its start: a Map keeps deleted entries as holes until it
   * rehashes, so walking it from the front after each deletion costs time in proportion to the
   * holes (a bank-sized week took minutes).
   */
  private queue: Array<[string, number]> = [];
  private head = 0;

  /** True when `m` is a new voice: an original, or a copy by an account not yet counted for it. */
  accept(m: Readonly<EnrichedMention>, t: number): boolean {
    const account = accountOf(m);
    if (!m.duplicateOf) {
      if (account) this.remember(`${m.id}\n${account}`, t);
      return true;
    }
    if (!account) return false;
    const key = `${m.duplicateOf}\n${account}`;
    if (this.seen.has(key)) return false;
    this.remember(key, t);
    return true;
  }

  private remember(key: string, t: number): void {
    this.seen.set(key, t);
    this.queue.push([key, t]);
    // Insertion order is (roughly) event order: forget from the front.
    while (this.head < this.queue.length) {
      const [k, at] = this.queue[this.head]!;
      if (this.seen.size <= VOICE_MEMORY_MAX && at >= t - VOICE_MEMORY_MS) break;
      // A pair remembered again later (same original and account) is forgotten with its newest entry.
      if (this.seen.get(k) === at) this.seen.delete(k);
      this.head += 1;
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
