/**
 * Vigie stage processes for the operations tests and the end-to-end bench: each one is the real
 * CLI (`node cli/bin.js enrich|index|ingest|run|alerts run --config <file>`) in its own process,
 * so a test can read its `/metrics`, kill it with SIGKILL and start another.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

const REPO = join(import.meta.dirname, '..', '..', '..');
const LOG_LINES = 400;

/** A running stage process. */
export interface StageProcess {
  name: string;
  child: ChildProcess;
  /** Status server port (`metrics.port` of its config), when it serves one. */
  port: number | undefined;
  configPath: string;
  /** Last stderr lines (pino JSON logs), for failure messages. */
  logs: string[];
  /** Every stderr byte when `captureAll` was set (secret scans). */
  allOutput: () => string;
  /** Resolves with the exit code or signal once the process ended. */
  exited: Promise<number | string>;
  get(path: string): Promise<{ status: number; body: string }>;
  metrics(): Promise<string>;
  /** SIGKILL: no commit, no flush, no leaving the group. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the graceful stop. */
  stop(timeoutMs?: number): Promise<number | string>;
}

export interface StageProcessOptions {
  /** CLI arguments before `--config`, e.g. `['enrich']` or `['alerts', 'run']`. */
  args: string[];
  /** The config tree, written as YAML to a temporary file. */
  config: Record<string, unknown>;
  name: string;
  env?: Record<string, string>;
  /** Keep all stderr (secret scans); otherwise only the last lines. */
  captureAll?: boolean;
  /**
   * How the process says it is ready: `readyz` (status server answers 200, default when the
   * config has a metrics port) or a log message substring.
   */
  readyWhen?: { readyz: true } | { log: string };
  readyTimeoutMs?: number;
}

/** Writes a config tree as a YAML file in a fresh temporary directory. */
export function writeConfig(config: Record<string, unknown>, name = 'vigie'): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-ops-'));
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, stringify(config));
  return path;
}

async function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text() };
}

/** Starts a stage process and resolves once it is ready (or rejects with its last log lines). */
export async function startStageProcess(o: StageProcessOptions): Promise<StageProcess> {
  const configPath = writeConfig(o.config, o.name);
  const port = (o.config.metrics as { port?: number; enabled?: boolean } | undefined)?.enabled === false ? undefined : (o.config.metrics as { port?: number } | undefined)?.port;
  const child = spawn(process.execPath, [join(REPO, 'cli', 'bin.js'), ...o.args, '--config', configPath], {
    cwd: REPO,
    env: { ...process.env, DOTENV_CONFIG_QUIET: 'true', VIGIE_LOG_LEVEL: process.env.VIGIE_LOG_LEVEL ?? 'info', ...o.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const logs: string[] = [];
  const all: string[] = [];
  let partial = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  child.stderr!.on('data', (d: Buffer) => {
    const s = d.toString('utf8');
    if (o.captureAll) all.push(s);
    const lines = (partial + s).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) {
      logs.push(l);
      for (const w of waiters) if (l.includes(w.text)) w.resolve();
    }
    if (logs.length > LOG_LINES) logs.splice(0, logs.length - LOG_LINES);
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      // The config holds the test's secrets: it goes with the process.
      rmSync(dirname(configPath), { recursive: true, force: true });
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  const proc: StageProcess = {
    name: o.name,
    child,
    port,
    configPath,
    logs,
    allOutput: () => all.join(''),
    exited,
    get: (path) => {
      if (port === undefined) throw new Error(`${o.name} serves no status endpoint`);
      return httpGet(port, path);
    },
    metrics: async () => (await proc.get('/metrics')).body,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop(timeoutMs = 60_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(t);
      }
    },
  };

  const timeoutMs = o.readyTimeoutMs ?? 90_000;
  let settled = false;
  const ready = o.readyWhen ?? (port !== undefined ? { readyz: true as const } : undefined);
  const died = exited.then((code) => {
    throw new Error(`${o.name} exited (${code}) before it was ready:\n${logs.slice(-20).join('\n')}`);
  });
  let waitReady: Promise<void>;
  if (ready && 'log' in ready) {
    waitReady = new Promise<void>((resolve) => waiters.push({ text: ready.log, resolve }));
  } else if (ready) {
    waitReady = (async () => {
      while (!settled) {
        const r = await httpGet(port!, '/readyz').catch(() => undefined);
        if (r?.status === 200) return;
        await new Promise((res) => setTimeout(res, 250));
      }
    })();
  } else waitReady = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${o.name} not ready after ${timeoutMs} ms:\n${logs.slice(-20).join('\n')}`)), timeoutMs);
  });
  try {
    await Promise.race([waitReady, died, timeout]);
  } catch (e) {
    await proc.kill9();
    throw e;
  } finally {
    settled = true;
    clearTimeout(timer);
    died.catch(() => undefined);
  }
  return proc;
}

/** Kills every process still running (afterAll). */
export async function killAll(procs: Iterable<StageProcess>): Promise<void> {
  await Promise.all([...procs].map((p) => p.kill9()));
}
