import { spawn, type SpawnOptions } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { VigieError } from '../core/errors.ts';
import { sleep } from '../core/retry.ts';

/** True when `pid` names a live process (and, where /proc exists, one whose command line contains `marker`). */
export function isAlive(pid: number | undefined, marker?: string): boolean {
  if (pid === undefined || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: the process exists but belongs to someone else (e.g. the Elasticsearch user seen by a non-root caller).
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const proc = `/proc/${pid}`;
  if (!existsSync(proc)) return true;
  try {
    // A zombie has exited: its parent simply has not reaped it yet.
    if (/^\d+ \(.*\) Z /.test(readFileSync(`${proc}/stat`, 'utf8'))) return false;
    if (marker === undefined) return true;
    const cmd = readFileSync(`${proc}/cmdline`, 'utf8');
    // An exiting process has already released its memory and shows an empty command line: still alive.
    if (cmd === '') return true;
    // A recycled pid after a reboot would point at an unrelated process: check what it runs.
    return cmd.includes(marker);
  } catch {
    return false;
  }
}

/** Reads a pid file; undefined when it is missing or does not hold a number. */
export function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const n = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * Starts a long-running server in its own process group, detached from ours, with stdout and
 * stderr appended to `logFile`. Returns its pid (also its process-group id).
 */
export function spawnDetached(cmd: string, args: string[], logFile: string, opts: SpawnOptions = {}): number {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(cmd, args, { ...opts, detached: true, stdio: ['ignore', fd, fd] });
    if (child.pid === undefined) {
      throw new VigieError('ERR_STACK_START_FAILED', `could not start ${cmd}: no pid (is it installed and executable?)`, {
        details: { cmd, logFile },
      });
    }
    child.on('error', () => undefined);
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/**
 * Stops a process group gracefully: SIGTERM to the group, then SIGKILL once `timeoutMs` has passed.
 * `pids` are the processes whose exit marks the end (the group leader and, for Elasticsearch, the server).
 * Returns true when SIGKILL was needed.
 */
export async function stopGroup(pgid: number, pids: number[], timeoutMs: number, marker?: string): Promise<boolean> {
  const alive = () => pids.some((p) => isAlive(p, marker));
  if (!alive()) return false;
  signalGroup(pgid, 'SIGTERM');
  for (const p of pids) signalOne(p, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) return false;
    await sleep(200);
  }
  signalGroup(pgid, 'SIGKILL');
  for (const p of pids) signalOne(p, 'SIGKILL');
  const killDeadline = Date.now() + 5_000;
  while (Date.now() < killDeadline) {
    if (!alive()) return true;
    await sleep(100);
  }
  throw new VigieError('ERR_STACK_STOP_FAILED', `process ${pids.join(', ')} still runs after SIGKILL`, { details: { pids } });
}

function signalGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch (e) {
    // ESRCH: the group is already gone, which is what we want.
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

function signalOne(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

/** Resolves true when nothing listens on 127.0.0.1:`port`. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** Ports the OS reports free right now on 127.0.0.1 (distinct). A small race remains until the server binds. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<Server>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => resolve(srv));
    })),
  );
  const ports = servers.map((s) => {
    const addr = s.address();
    if (addr === null || typeof addr === 'string') throw new Error('unexpected server address');
    return addr.port;
  });
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** Throws ERR_STACK_PORT_IN_USE naming the option that moves the port. */
export async function assertPortFree(port: number, what: string, option: string): Promise<void> {
  if (await portIsFree(port)) return;
  throw new VigieError('ERR_STACK_PORT_IN_USE', `${what} port 127.0.0.1:${port} is already in use; stop what listens there or choose another port with ${option}`, {
    details: { port },
  });
}

/** The last `maxLines` lines of a log file (reads at most its last 64 KiB), for error messages. */
export function tailFile(file: string, maxLines = 20): string {
  if (!existsSync(file)) return '';
  const size = statSync(file).size;
  const len = Math.min(size, 64 * 1024);
  const buf = Buffer.alloc(len);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, len, size - len);
  } finally {
    closeSync(fd);
  }
  return buf.toString('utf8').split('\n').filter((l) => l.trim() !== '').slice(-maxLines).join('\n');
}
