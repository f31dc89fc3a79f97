import { VigieError } from '../../../core/errors.ts';

/** What a SentencePiece unigram model holds, as read from its `.model` protobuf. */
export interface SentencePieceData {
  pieces: string[];
  scores: Float32Array;
  /** Piece types: 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte. */
  types: Uint8Array;
  /** The normalizer's precompiled character map (darts-clone trie + replacement strings). */
  charsmap: Uint8Array;
}

const NORMAL = 1;
const UNKNOWN = 2;
const USER_DEFINED = 4;
/** SentencePiece's penalty for an unknown character under the lowest piece score. */
const UNK_PENALTY = 10;
const SPACE = '\u2581';

function invalid(why: string): VigieError {
  return new VigieError('ERR_ENRICH_MODEL_INVALID', `SentencePiece model: ${why}`);
}

/** Reads the protobuf fields a SentencePiece `.model` needs (pieces, scores, types, charsmap). */
export function parseSentencePieceModel(data: Uint8Array): SentencePieceData {
  const pieces: string[] = [];
  const scores: number[] = [];
  const types: number[] = [];
  let charsmap: Uint8Array | undefined;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for (const f of fields(data, 0, data.length)) {
    if (f.field === 1 && f.wire === 2) {
      let piece = '';
      let score = 0;
      let type = NORMAL;
      for (const p of fields(data, f.start, f.end)) {
        if (p.field === 1 && p.wire === 2) piece = utf8.decode(data.subarray(p.start, p.end));
        else if (p.field === 2 && p.wire === 5) score = new DataView(data.buffer, data.byteOffset + p.start, 4).getFloat32(0, true);
        else if (p.field === 3 && p.wire === 0) type = p.value;
      }
      pieces.push(piece);
      scores.push(score);
      types.push(type);
    } else if (f.field === 3 && f.wire === 2) {
      // Legacy layout: the normalizer's charsmap sits in the trainer spec's field 2 ...
      for (const t of fields(data, f.start, f.end)) if (t.field === 2 && t.wire === 2 && !charsmap) charsmap = data.slice(t.start, t.end);
    } else if (f.field === 2 && f.wire === 2) {
      // ... current layout: in the normalizer spec's field 2 (field 2 of the model proto).
      for (const t of fields(data, f.start, f.end)) if (t.field === 2 && t.wire === 2) charsmap = data.slice(t.start, t.end);
    }
  }
  if (pieces.length === 0) throw invalid('no pieces');
  return { pieces, scores: Float32Array.from(scores), types: Uint8Array.from(types), charsmap: charsmap ?? new Uint8Array(0) };
}

interface Field {
  field: number;
  wire: number;
  start: number;
  end: number;
  value: number;
}

function* fields(data: Uint8Array, start: number, end: number): Generator<Field> {
  let pos = start;
  const varint = (): number => {
    let result = 0;
    let mul = 1;
    for (;;) {
      if (pos >= end) throw invalid('truncated varint');
      const b = data[pos++]!;
      result += (b & 0x7f) * mul;
      if (!(b & 0x80)) return result;
      mul *= 128;
    }
  };
  while (pos < end) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) {
      const value = varint();
      yield { field, wire, start: pos, end: pos, value };
    } else if (wire === 1) {
      pos += 8;
    } else if (wire === 2) {
      const len = varint();
      if (pos + len > end) throw invalid('truncated field');
      yield { field, wire, start: pos, end: pos + len, value: len };
      pos += len;
    } else if (wire === 5) {
      yield { field, wire, start: pos, end: pos + 4, value: 0 };
      pos += 4;
    } else {
      throw invalid(`unsupported protobuf wire type ${wire}`);
    }
  }
}

/**
 * SentencePiece unigram tokenisation, equal to the C++ library's `Encode` (ids without `<s>`
 * and `</s>`): the `nmt_nfkc` normalizer over the precompiled charsmap (a darts-clone
 * double-array walk over UTF-8 bytes, longest match), dummy prefix, whitespace escaped to
 * U+2581 and extra whitespace removed; then the Viterbi best segmentation with float32 path
 * scores and the C++ tie-breaking (a later candidate wins only when strictly better); control and
 * unknown pieces never match text; a character no piece covers is `<unk>`, and a run of them is
 * one `<unk>`.
 */
export class SentencePiece {
  readonly unkId: number;
  private readonly scores: Float32Array;
  /** Every prefix of a matchable piece, as a trie over UTF-16 code units (see PieceTrie). */
  private readonly trie: PieceTrie;
  private readonly unkScore: number;
  private readonly normalizer: Normalizer;

  constructor(data: SentencePieceData) {
    let unk = -1;
    let min = Infinity;
    let max = -Infinity;
    const matchable: number[] = [];
    for (let id = 0; id < data.pieces.length; id++) {
      const type = data.types[id]!;
      if (type === UNKNOWN && unk < 0) unk = id;
      if (type === NORMAL) {
        min = Math.min(min, data.scores[id]!);
        max = Math.max(max, data.scores[id]!);
      }
      if (type === NORMAL || type === USER_DEFINED) matchable.push(id);
    }
    this.trie = new PieceTrie(data.pieces, matchable);
    if (unk < 0) throw invalid('no unknown piece');
    this.unkId = unk;
    this.unkScore = Math.fround(min - UNK_PENALTY);
    // A user-defined piece always wins where it matches: its score is its UTF-8 length times the
    // best piece score, minus 0.1 (as in the C++ library).
    this.scores = Float32Array.from(data.scores);
    for (let id = 0; id < data.pieces.length; id++) {
      if (data.types[id] === USER_DEFINED) this.scores[id] = Math.fround(Buffer.byteLength(data.pieces[id]!) * max - 0.1);
    }
    this.normalizer = new Normalizer(data.charsmap);
  }

  /** The normalized text (spaces as U+2581), as SentencePiece segments it. */
  normalize(text: string): string {
    return this.normalizer.normalize(text);
  }

  /** Piece ids of `text` (no `<s>`/`</s>`); an empty or all-space text gives []. */
  encode(text: string): number[] {
    const s = this.normalizer.normalize(text);
    const n = s.length;
    if (n === 0) return [];
    const best = new Float32Array(n + 1);
    const from = new Int32Array(n + 1).fill(-1);
    const piece = new Int32Array(n + 1);
    const { trie, scores, unkScore, unkId } = this;
    for (let i = 0; i < n; ) {
      const base = best[i]!;
      const c = s.charCodeAt(i);
      const step = c >= 0xd800 && c < 0xdc00 && i + 1 < n ? 2 : 1;
      let single = false;
      // Walk the trie one code unit at a time; a piece may end only between two characters.
      let node = 0;
      let k = i;
      for (let j = i + step; j <= n; ) {
        while (k < j && node >= 0) node = trie.child(node, s.charCodeAt(k++));
        if (node < 0) break;
        const v = trie.pieceOf[node]!;
        if (v > 0) {
          const score = Math.fround(base + scores[v - 1]!);
          if (from[j] === -1 || score > best[j]!) {
            best[j] = score;
            from[j] = i;
            piece[j] = v - 1;
          }
          if (j === i + step) single = true;
        }
        const d = s.charCodeAt(j);
        j += d >= 0xd800 && d < 0xdc00 && j + 1 < n ? 2 : 1;
      }
      if (!single) {
        const j = i + step;
        const score = Math.fround(base + unkScore);
        if (from[j] === -1 || score > best[j]!) {
          best[j] = score;
          from[j] = i;
          piece[j] = unkId;
        }
      }
      i += step;
    }
    const out: number[] = [];
    for (let p = n; p > 0; p = from[p]!) out.push(piece[p]!);
    out.reverse();
    // The C++ library merges consecutive unknown pieces into one.
    let w = 0;
    for (let r = 0; r < out.length; r++) {
      if (out[r] === unkId && w > 0 && out[w - 1] === unkId) continue;
      out[w++] = out[r]!;
    }
    out.length = w;
    return out;
  }
}

/**
 * Every prefix of the matchable pieces as a trie over UTF-16 code units, its edges in one
 * open-addressing hash table of typed arrays: the Viterbi walk allocates nothing (a Map of
 * string prefixes cost a substring and its hash per step, 90 % of the tokenizer's time).
 */
class PieceTrie {
  /** Per node: piece id + 1 when the path to it spells a piece, 0 when only a prefix. Node 0 is the root. */
  readonly pieceOf: Int32Array;
  private readonly from: Int32Array;
  private readonly unit: Uint16Array;
  private readonly to: Int32Array;
  private readonly mask: number;

  constructor(pieces: readonly string[], ids: readonly number[]) {
    const units = ids.reduce((s, id) => s + pieces[id]!.length, 0);
    let size = 1024;
    while (size < 2 * units) size *= 2;
    this.mask = size - 1;
    this.from = new Int32Array(size).fill(-1);
    this.unit = new Uint16Array(size);
    this.to = new Int32Array(size);
    const pieceOf = new Int32Array(units + 1);
    let nodes = 1;
    for (const id of ids) {
      const piece = pieces[id]!;
      let node = 0;
      for (let k = 0; k < piece.length; k++) {
        const c = piece.charCodeAt(k);
        const h = this.slot(node, c);
        if (this.from[h] === -1) {
          this.from[h] = node;
          this.unit[h] = c;
          this.to[h] = nodes++;
        }
        node = this.to[h]!;
      }
      // A piece spelled twice keeps its last id.
      pieceOf[node] = id + 1;
    }
    this.pieceOf = pieceOf;
  }

  /** The child of `node` by code unit `c`, or -1. */
  child(node: number, c: number): number {
    const h = this.slot(node, c);
    return this.from[h] === -1 ? -1 : this.to[h]!;
  }

  /** The table slot of edge (node, c): where it is, or the empty slot where it would go. */
  private slot(node: number, c: number): number {
    const { from, unit, mask } = this;
    let h = (Math.imul(node, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b)) & mask;
    while (from[h] !== -1 && (from[h] !== node || unit[h] !== c)) h = (h + 1) & mask;
    return h;
  }
}

/**
 * The precompiled normalizer: at each position, the longest key of the charsmap trie that
 * prefixes the remaining UTF-8 bytes is replaced by its NUL-terminated replacement; bytes with
 * no key are copied one whole character at a time.
 */
class Normalizer {
  private readonly units: Uint32Array;
  private readonly replacements: Uint8Array;

  constructor(charsmap: Uint8Array) {
    if (charsmap.length === 0) {
      this.units = new Uint32Array(0);
      this.replacements = new Uint8Array(0);
      return;
    }
    const view = new DataView(charsmap.buffer, charsmap.byteOffset, charsmap.byteLength);
    const trieSize = view.getUint32(0, true);
    if (trieSize % 4 !== 0 || 4 + trieSize > charsmap.length) throw invalid('charsmap trie size');
    this.units = new Uint32Array(trieSize / 4);
    for (let i = 0; i < this.units.length; i++) this.units[i] = view.getUint32(4 + 4 * i, true);
    this.replacements = charsmap.subarray(4 + trieSize);
  }

  normalize(text: string): string {
    const raw = Buffer.from(text, 'utf8');
    const n = raw.length;
    const out: number[] = [];
    let pos = 0;
    // Leading whitespace (after normalization) is dropped.
    for (;;) {
      if (pos >= n) return '';
      const [start, len, adv] = this.prefix(raw, pos);
      if (!(len === 1 && this.byteAt(raw, start) === 0x20)) break;
      pos += adv;
    }
    // Dummy prefix: every text starts with a word boundary.
    out.push(0xe2, 0x96, 0x81);
    let prevSpace = true;
    while (pos < n) {
      const [start, len, adv] = this.prefix(raw, pos);
      pos += adv;
      let k = 0;
      if (prevSpace) while (k < len && this.byteAt(raw, start + k) === 0x20) k++;
      if (k === len) continue;
      for (; k < len; k++) {
        const b = this.byteAt(raw, start + k);
        if (b === 0x20) out.push(0xe2, 0x96, 0x81);
        else out.push(b);
      }
      prevSpace = this.byteAt(raw, start + len - 1) === 0x20;
    }
    // Trailing whitespace is dropped.
    while (out.length >= 3 && out[out.length - 3] === 0xe2 && out[out.length - 2] === 0x96 && out[out.length - 1] === 0x81) out.length -= 3;
    return Buffer.from(out).toString('utf8');
  }

  /**
   * Byte `i` of a replacement: `i` below `RAW` indexes the replacements table, at or above it
   * the input (offset by `RAW`), so `prefix` can return either without copying.
   */
  private byteAt(raw: Uint8Array, i: number): number {
    return i >= RAW ? raw[i - RAW]! : this.replacements[i]!;
  }

  /** [start, length, consumed bytes] of the normalized form of the text at `pos` (see `byteAt`). */
  private prefix(raw: Uint8Array, pos: number): [number, number, number] {
    const units = this.units;
    const n = raw.length;
    let bestLen = 0;
    let bestValue = 0;
    if (units.length > 0) {
      let unit = units[0]!;
      let node = (unit >>> 10) << ((unit & 0x200) >>> 6);
      for (let i = pos; i < n; ) {
        const c = raw[i]!;
        node ^= c;
        unit = units[node]!;
        // Label mismatch (the label lives in the low byte and bit 31).
        if ((unit & 0x800000ff) >>> 0 !== c) break;
        node ^= (unit >>> 10) << ((unit & 0x200) >>> 6);
        i++;
        if (unit & 0x100) {
          bestLen = i - pos;
          bestValue = units[node]! & 0x7fffffff;
        }
      }
    }
    if (bestLen > 0 && bestValue < this.replacements.length) {
      let end = bestValue;
      while (end < this.replacements.length && this.replacements[end] !== 0) end++;
      return [bestValue, end - bestValue, bestLen];
    }
    const first = raw[pos]!;
    let len = first < 0x80 ? 1 : first >> 5 === 0x6 ? 2 : first >> 4 === 0xe ? 3 : first >> 3 === 0x1e ? 4 : 1;
    for (let k = 1; k < len; k++) {
      if (pos + k >= n || (raw[pos + k]! & 0xc0) !== 0x80) {
        len = 1;
        break;
      }
    }
    return [RAW + pos, len, len];
  }
}

/** Offset marking input bytes in `prefix`'s results (above any replacements-table offset). */
const RAW = 0x40000000;
