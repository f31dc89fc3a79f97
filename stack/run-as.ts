import { spawnSync } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';
import { dirname, parse, resolve } from 'node:path';
import type { Logger } from '../core/logger.ts';
import { VigieError } from '../core/errors.ts';

/** The account a server runs under; undefined fields mean "the current user". */
export interface RunAs {
  uid?: number;
  gid?: number;
  user?: string;
}

/** True when this process runs as root (Elasticsearch then needs another account). */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function idOf(user: string): { uid: number; gid: number } | undefined {
  const u = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  if (u.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/**
 * Returns the unprivileged system account `user`, creating it (no home, no login shell) when missing.
 * Only called as root: Elasticsearch refuses to start as root.
 */
export function ensureSystemUser(user: string, logger?: Logger): Required<RunAs> {
  const found = idOf(user);
  if (found !== undefined) return { ...found, user };
  const r = spawnSync('useradd', ['-r', '-M', '-U', '-s', '/usr/sbin/nologin', user], { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new VigieError('ERR_STACK_ES_USER', `Elasticsearch refuses to run as root and creating the user "${user}" failed (${(r.stderr || String(r.error)).trim()}); create it yourself (useradd -r -M ${user}) or run the stack as a normal user`, {
      details: { user },
    });
  }
  logger?.info({ user }, 'created a system user to run Elasticsearch (it refuses to run as root)');
  const created = idOf(user);
  if (created === undefined) throw new VigieError('ERR_STACK_ES_USER', `user "${user}" was created but "id ${user}" does not find it`);
  return { ...created, user };
}

/** chown -R, so the Elasticsearch account owns its config, data and logs. */
export function chownRecursive(path: string, uid: number, gid: number): void {
  const r = spawnSync('chown', ['-R', `${uid}:${gid}`, path], { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new VigieError('ERR_STACK_ES_USER', `chown -R ${uid}:${gid} ${path} failed: ${(r.stderr || String(r.error)).trim()}`, { details: { path } });
  }
}

/**
 * Makes every ancestor of `path` traversable by other users (adds o+x where it is missing),
 * so the Elasticsearch account can reach files under, for example, /root/.cache. Only adds the
 * search bit: directory listings stay private.
 */
export function ensureTraversable(path: string, logger?: Logger): string[] {
  const changed: string[] = [];
  const abs = resolve(path);
  const root = parse(abs).root;
  const chain: string[] = [];
  for (let d = abs; d !== root; d = dirname(d)) chain.unshift(d);
  for (const d of chain) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(d, (mode & 0o7777) | 0o001);
      changed.push(d);
    }
  }
  if (changed.length > 0) logger?.warn({ dirs: changed }, 'added o+x (traverse only) so the Elasticsearch user can reach its files');
  return changed;
}
