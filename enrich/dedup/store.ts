import { BANDS as BANDS_IMPORT, K as K_IMPORT } from './fingerprint.ts';

// Hot loops: bind imports once (tsx compiles imports to getter calls).
const BANDS = BANDS_IMPORT;
const K = K_IMPORT;

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * A bounded set of fingerprints of the mentions seen first, in typed arrays allocated once:
 * a ring of at most `capacity` entries (the oldest is evicted first), each with its mention id,
 * its time, a 64-bit exact hash and a 64-byte MinHash signature (low byte of each value).
 *
 * - Exact lookups: an open-addressing table (linear probing, backward-shift deletion), so an
 *   exact copy is always found while its original is in the ring.
 * - Near lookups: one direct-mapped table per LSH band, holding the latest entry with that band
 *   key. A newer entry may overwrite an older one in a band; a near-duplicate is still found
 *   through any of its other 15 bands. Every candidate is verified against its stored signature,
 *   so stale or overwritten cells cannot cause false matches.
 */
export class FingerprintStore {
  readonly capacity: number;
  private readonly ids: Array<string | undefined>;
  private readonly times: Float64Array;
  private readonly h1: Uint32Array;
  private readonly h2: Uint32Array;
  private readonly alive: Uint8Array;
  private readonly near: Uint8Array;
  private readonly sigs: Uint8Array;
  private readonly exact: Int32Array;
  private readonly exactMask: number;
  private readonly bands: Int32Array;
  private readonly bandMask: number;
  private readonly bandSize: number;
  private readonly tried = new Int32Array(BANDS);
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.ids = new Array<string | undefined>(capacity).fill(undefined);
    this.times = new Float64Array(capacity);
    this.h1 = new Uint32Array(capacity);
    this.h2 = new Uint32Array(capacity);
    this.alive = new Uint8Array(capacity);
    this.near = new Uint8Array(capacity);
    this.sigs = new Uint8Array(capacity * K);
    const exactSize = nextPow2(capacity * 2);
    this.exact = new Int32Array(exactSize);
    this.exactMask = exactSize - 1;
    this.bandSize = nextPow2(capacity);
    this.bandMask = this.bandSize - 1;
    this.bands = new Int32Array(this.bandSize * BANDS);
  }

  /** Entries currently held (alive or waiting in the ring). */
  get size(): number {
    return this.count;
  }

  /** Bytes allocated per entry by the typed arrays and the id slot, id string itself excluded. */
  get bytesPerEntry(): number {
    const fixed = this.times.byteLength + this.h1.byteLength + this.h2.byteLength + this.alive.byteLength + this.near.byteLength + this.sigs.byteLength + this.exact.byteLength + this.bands.byteLength;
    return fixed / this.capacity + 8;
  }

  idOf(slot: number): string {
    return this.ids[slot]!;
  }
  timeOf(slot: number): number {
    return this.times[slot]!;
  }

  /** Slot of the live entry with this exact hash, or -1. */
  findExact(h1: number, h2: number): number {
    for (let i = h1 & this.exactMask; ; i = (i + 1) & this.exactMask) {
      const s = this.exact[i]! - 1;
      if (s < 0) return -1;
      if (this.h1[s] === h1 && this.h2[s] === h2) return s;
    }
  }

  /**
   * The first live near-entry sharing an LSH band with the signature (`keys` from
   * {@link bandKeys}), published within [minTime, maxTime], whose stored signature agrees on at
   * least `minEqual` of the K values; -1 if none.
   */
  findNear(mins: Uint32Array, keys: Uint32Array, minTime: number, maxTime: number, minEqual: number): number {
    const maxMiss = K - minEqual;
    const tried = this.tried;
    let nTried = 0;
    bands: for (let b = 0; b < BANDS; b++) {
      const s = this.bands[b * this.bandSize + (keys[b]! & this.bandMask)]! - 1;
      if (s < 0 || this.alive[s] === 0 || this.near[s] === 0) continue;
      const t = this.times[s]!;
      if (t < minTime || t > maxTime) continue;
      for (let i = 0; i < nTried; i++) if (tried[i] === s) continue bands;
      tried[nTried++] = s;
      // Stop comparing as soon as too many values differ: most candidates are unrelated.
      let miss = 0;
      const off = s * K;
      for (let k = 0; k < K; k++) {
        if (this.sigs[off + k] !== (mins[k]! & 0xff) && ++miss > maxMiss) continue bands;
      }
      return s;
    }
    return -1;
  }

  /** Evicts entries older than `minTime` from the head of the ring. */
  expire(minTime: number): void {
    while (this.count > 0 && this.times[this.head]! < minTime) this.evictHead();
  }

  /** Removes an entry from the exact index (it stays in the ring until evicted, but is dead). */
  forget(slot: number): void {
    if (this.alive[slot] === 0) return;
    this.alive[slot] = 0;
    this.deleteExact(slot);
  }

  /** Adds an entry, evicting the oldest when full; `mins` and `keys` undefined for texts too short for near matching. */
  add(id: string, time: number, h1: number, h2: number, mins?: Uint32Array, keys?: Uint32Array): void {
    if (this.count === this.capacity) this.evictHead();
    const s = (this.head + this.count) % this.capacity;
    this.count++;
    this.ids[s] = id;
    this.times[s] = time;
    this.h1[s] = h1;
    this.h2[s] = h2;
    this.alive[s] = 1;
    let i = h1 & this.exactMask;
    while (this.exact[i] !== 0) i = (i + 1) & this.exactMask;
    this.exact[i] = s + 1;
    if (mins === undefined) {
      this.near[s] = 0;
      return;
    }
    this.near[s] = 1;
    const off = s * K;
    for (let k = 0; k < K; k++) this.sigs[off + k] = mins[k]! & 0xff;
    for (let b = 0; b < BANDS; b++) this.bands[b * this.bandSize + (keys![b]! & this.bandMask)] = s + 1;
  }

  private evictHead(): void {
    const s = this.head;
    this.forget(s);
    this.near[s] = 0;
    this.ids[s] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
  }

  /** Linear-probing deletion with backward shift, so later probes never stop at a hole. */
  private deleteExact(slot: number): void {
    const mask = this.exactMask;
    let i = this.h1[slot]! & mask;
    while (this.exact[i]! - 1 !== slot) {
      if (this.exact[i] === 0) return;
      i = (i + 1) & mask;
    }
    let j = i;
    for (;;) {
      this.exact[i] = 0;
      for (;;) {
        j = (j + 1) & mask;
        const e = this.exact[j]!;
        if (e === 0) return;
        const home = this.h1[e - 1]! & mask;
        // Move e back into the hole unless its home lies cyclically in (i, j].
        if (i <= j ? home <= i || home > j : home <= i && home > j) break;
      }
      this.exact[i] = this.exact[j]!;
      i = j;
    }
  }
}
