import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Where downloaded artifacts are cached (the stack's servers, the sentiment encoder):
 * `$VIGIE_STACK_CACHE`, else `~/.cache/vigie/stack`.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.VIGIE_STACK_CACHE ? resolve(env.VIGIE_STACK_CACHE) : join(homedir(), '.cache', 'vigie', 'stack');
}

const COMPLETE = '.complete';

/** True when `dir` holds a finished download. */
export function isCached(dir: string): boolean {
  return existsSync(join(dir, COMPLETE));
}

/**
 * Makes sure `dir` holds a finished download: if not, `build` fills a temporary sibling which is
 * then renamed into place, so an interrupted download never looks complete and two concurrent
 * runs (a test run and a demo) cannot leave a half-written directory.
 * Returns true when it downloaded, false when the cache already had it.
 */
export async function ensureCached(dir: string, build: (tmpDir: string) => Promise<void>): Promise<boolean> {
  if (isCached(dir)) return false;
  await mkdir(dirname(dir), { recursive: true });
  const tmp = await mkdtemp(join(dirname(dir), `${basename(dir)}.tmp-`));
  // mkdtemp makes it private (0700); the Elasticsearch account must be able to read the cache.
  await chmod(tmp, 0o755);
  try {
    await build(tmp);
    await writeFile(join(tmp, COMPLETE), `${new Date().toISOString()}\n`);
    // A leftover without the marker is an interrupted manual copy: replace it.
    if (existsSync(dir) && !isCached(dir)) await rm(dir, { recursive: true, force: true });
    try {
      await rename(tmp, dir);
    } catch (e) {
      // Another process finished first: its copy is as good as ours.
      if (!isCached(dir)) throw e;
    }
    return true;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
