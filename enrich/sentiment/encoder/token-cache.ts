/**
 * Slots of the network's per-token cache (network.ts), kept by the CLOCK policy: a token used
 * since the hand last passed keeps its slot for one more turn, so frequent pieces ("▁de", "▁the",
 * punctuation) stay while the long tail (a third of a tweet's pieces are rare) takes turns in
 * the other slots. The tokens of the sentence being encoded are never evicted for one another.
 */
export class TokenCache {
  readonly size: number;
  /** Tokens that were given a new slot (their per-token results must be computed), since creation. */
  misses = 0;
  private readonly slotOf = new Map<number, number>();
  private readonly idOf: Int32Array;
  private readonly used: Uint8Array;
  private readonly pinnedIn: Int32Array;
  private hand = 0;
  private sentence = 0;

  constructor(size: number) {
    this.size = size;
    this.idOf = new Int32Array(size).fill(-1);
    this.used = new Uint8Array(size);
    this.pinnedIn = new Int32Array(size);
  }

  /**
   * Slots of one sentence's token ids, written into `slots`; the ids given a new slot are pushed
   * on `fresh` with their slot on `freshSlots` (each id once). At most `size - 1` ids.
   */
  assign(ids: readonly number[], slots: Int32Array, fresh: number[], freshSlots: number[]): void {
    if (ids.length >= this.size) throw new RangeError(`token cache: ${ids.length} tokens for ${this.size} slots`);
    const s = ++this.sentence;
    for (let t = 0; t < ids.length; t++) {
      const id = ids[t]!;
      let slot = this.slotOf.get(id);
      if (slot === undefined) {
        slot = this.evict(s);
        this.slotOf.set(id, slot);
        this.idOf[slot] = id;
        fresh.push(id);
        freshSlots.push(slot);
        this.misses++;
      }
      this.used[slot] = 1;
      this.pinnedIn[slot] = s;
      slots[t] = slot;
    }
  }

  /** A free slot, or the first one the hand finds unused since its last turn (and not pinned). */
  private evict(sentence: number): number {
    for (;;) {
      const slot = this.hand;
      this.hand = slot + 1 === this.size ? 0 : slot + 1;
      const id = this.idOf[slot]!;
      if (id < 0) return slot;
      if (this.pinnedIn[slot] === sentence) continue;
      if (this.used[slot]) {
        this.used[slot] = 0;
        continue;
      }
      this.slotOf.delete(id);
      return slot;
    }
  }
}
