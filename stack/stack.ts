import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VigieError, toVigieError } from '../core/errors.ts';
import { sleep } from '../core/retry.ts';
import { ES_MARKER, ensureElasticsearch, esAnswers, esLogTail, esPaths, esServerPid, startElasticsearch } from './elasticsearch.ts';
import { findJdk, type Jdk } from './java.ts';
import { KAFKA_MARKER, ensureKafka, kafkaAnswers, kafkaLogTail, kafkaPaths, startKafka, type ProbeResult } from './kafka.ts';
import { resolveStackOptions, type ResolvedStackOptions, type StackOptions } from './options.ts';
import { assertPortFree, isAlive, stopGroup } from './process.ts';

export type ServiceName = 'kafka' | 'elasticsearch';

/** What `stack.json` in the stack dir remembers about the running servers. */
interface StackState {
  kafka?: { version: string; port: number; controllerPort: number; pid: number; startedAt: string };
  elasticsearch?: { version: string; port: number; transportPort: number; pid: number; security: boolean; startedAt: string };
}

/** State of one server of the stack. */
export interface ServiceStatus {
  name: ServiceName;
  version: string | undefined;
  /** `127.0.0.1:9092` for Kafka, `http://127.0.0.1:9200` for Elasticsearch. */
  address: string;
  /** Process id (for Elasticsearch, the launcher's; the server is its child). */
  pid: number | undefined;
  running: boolean;
  answering: boolean;
  /** Why it does not answer (last probe error). */
  reason?: string;
  /** Main log file. */
  logFile: string;
}

export interface StackStatus {
  dir: string;
  kafka: ServiceStatus;
  elasticsearch: ServiceStatus & { security: boolean };
}

export interface StackUpResult extends StackStatus {
  /** Servers this call started; the others were already running. */
  started: ServiceName[];
  alreadyRunning: ServiceName[];
  /** Milliseconds spent downloading (0 when cached) and from first spawn to both answering. */
  downloadMs: number;
  readyMs: number;
}

export interface StackDownResult {
  dir: string;
  stopped: ServiceName[];
  /** Servers that ignored SIGTERM for `stopTimeoutMs` and were killed. */
  killed: ServiceName[];
}

const stateFile = (dir: string) => join(dir, 'stack.json');

function readState(dir: string): StackState {
  const f = stateFile(dir);
  if (!existsSync(f)) return {};
  try {
    return JSON.parse(readFileSync(f, 'utf8')) as StackState;
  } catch (e) {
    throw new VigieError('ERR_STACK_STATE', `${f} is not valid JSON; stop any Kafka/Elasticsearch started from ${dir} by hand and delete that file`, { cause: e });
  }
}

function writeState(dir: string, s: StackState): void {
  const tmp = `${stateFile(dir)}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`);
  renameSync(tmp, stateFile(dir));
}

function kafkaRunning(s: StackState): boolean {
  return s.kafka !== undefined && isAlive(s.kafka.pid, KAFKA_MARKER);
}

/** Live Elasticsearch pids (launcher, server). `fresh`: spawned by this call, maybe not exec'd yet, so no command-line check. */
function esPids(dir: string, s: StackState, fresh = false): number[] {
  const pids = [s.elasticsearch?.pid, esServerPid(dir)].filter((p): p is number => p !== undefined);
  return pids.filter((p) => isAlive(p, fresh ? undefined : ES_MARKER));
}

function esRunning(dir: string, s: StackState): boolean {
  return s.elasticsearch !== undefined && esPids(dir, s).length > 0;
}

function statusOf(o: ResolvedStackOptions, s: StackState): StackStatus {
  const k = s.kafka;
  const e = s.elasticsearch;
  return {
    dir: o.dir,
    kafka: {
      name: 'kafka',
      version: k?.version,
      address: `127.0.0.1:${k?.port ?? o.kafkaPort}`,
      pid: k?.pid,
      running: kafkaRunning(s),
      answering: false,
      logFile: kafkaPaths(o.dir).serverLog,
    },
    elasticsearch: {
      name: 'elasticsearch',
      version: e?.version,
      address: `http://127.0.0.1:${e?.port ?? o.esPort}`,
      pid: e?.pid,
      running: esRunning(o.dir, s),
      answering: false,
      logFile: esPaths(o.dir).serverLog,
      security: e?.security ?? false,
    },
  };
}

/** Probes both servers once. */
async function probe(st: StackStatus, password: string | undefined): Promise<StackStatus> {
  const [k, e] = await Promise.all([
    st.kafka.running ? kafkaAnswers(st.kafka.address) : Promise.resolve<ProbeResult>({ ok: false, reason: 'not running' }),
    st.elasticsearch.running ? esAnswers(st.elasticsearch.address, password) : Promise.resolve<ProbeResult>({ ok: false, reason: 'not running' }),
  ]);
  return {
    ...st,
    kafka: { ...st.kafka, answering: k.ok, ...(k.ok ? {} : { reason: k.reason }) },
    elasticsearch: { ...st.elasticsearch, answering: e.ok, ...(e.ok ? {} : { reason: e.reason }) },
  };
}

/** Polls until `answers` is ok; fails fast with the log tail when the process dies, or at the deadline. */
async function waitReady(name: string, answers: () => Promise<ProbeResult>, alive: () => boolean, tail: () => string, logs: string[], deadline: number, timeoutMs: number): Promise<void> {
  for (;;) {
    const r = await answers();
    if (r.ok) return;
    if (!alive()) {
      throw new VigieError('ERR_STACK_START_FAILED', `${name} exited during startup. Last log lines:\n${tail()}\nLogs: ${logs.join(', ')}`, { details: { logs } });
    }
    if (Date.now() > deadline) {
      throw new VigieError('ERR_STACK_START_TIMEOUT', `${name} did not answer within ${Math.round(timeoutMs / 1000)} s (last probe: ${r.reason}). Logs: ${logs.join(', ')}`, {
        retriable: true,
        details: { logs },
      });
    }
    await sleep(500);
  }
}

/**
 * Starts the local stack (single-node Kafka in KRaft mode and single-node Elasticsearch, both on
 * 127.0.0.1) and resolves once both answer. Downloads come from Maven Central on first use and are
 * cached. Idempotent: servers already running from `dir` are reused, not restarted.
 * If startup fails, the servers this call started are stopped again before the error is thrown.
 */
export async function stackUp(opts: StackOptions = {}): Promise<StackUpResult> {
  const o = resolveStackOptions(opts);
  const log = o.logger;
  mkdirSync(o.dir, { recursive: true });
  const state = readState(o.dir);
  const needKafka = !kafkaRunning(state);
  const needEs = !esRunning(o.dir, state);
  if (!needKafka && state.kafka!.port !== o.kafkaPort && opts.kafkaPort !== undefined) {
    log?.warn({ running: state.kafka!.port, requested: o.kafkaPort }, 'Kafka already runs on another port; run `vigie stack down` first to change it');
  }
  if (!needEs && state.elasticsearch!.port !== o.esPort && opts.esPort !== undefined) {
    log?.warn({ running: state.elasticsearch!.port, requested: o.esPort }, 'Elasticsearch already runs on another port; run `vigie stack down` first to change it');
  }
  // Check everything that can fail fast before spending minutes on downloads.
  if (needKafka) {
    await assertPortFree(o.kafkaPort, 'Kafka', '--kafka-port');
    await assertPortFree(o.kafkaControllerPort, 'Kafka controller', '--kafka-port (controller = port + 1)');
  }
  if (needEs) {
    await assertPortFree(o.esPort, 'Elasticsearch HTTP', '--es-port');
    await assertPortFree(o.esTransportPort, 'Elasticsearch transport', '--es-port (transport = port + 100)');
  }
  const jdk: Jdk | undefined = needKafka || needEs ? findJdk() : undefined;

  const started: ServiceName[] = [];
  let downloadMs = 0;
  let spawnedAt = Date.now();
  try {
    if (needKafka && jdk !== undefined) {
      const t0 = Date.now();
      const { libs } = await ensureKafka(o);
      downloadMs += Date.now() - t0;
      spawnedAt = Date.now();
      const pid = startKafka(o, jdk, libs);
      state.kafka = { version: o.kafkaVersion, port: o.kafkaPort, controllerPort: o.kafkaControllerPort, pid, startedAt: new Date().toISOString() };
      writeState(o.dir, state);
      started.push('kafka');
      log?.info({ serverPid: pid, brokers: `127.0.0.1:${o.kafkaPort}` }, 'Kafka starting');
    }
    // Kafka boots while Elasticsearch downloads: that hides most of Kafka's start time on a cold machine.
    if (needEs && jdk !== undefined) {
      const t0 = Date.now();
      const { home } = await ensureElasticsearch(o, jdk);
      downloadMs += Date.now() - t0;
      if (!started.includes('kafka')) spawnedAt = Date.now();
      const pid = startElasticsearch(o, jdk, home);
      state.elasticsearch = { version: o.esVersion, port: o.esPort, transportPort: o.esTransportPort, pid, security: o.esPassword !== undefined, startedAt: new Date().toISOString() };
      writeState(o.dir, state);
      started.push('elasticsearch');
      log?.info({ serverPid: pid, url: `http://127.0.0.1:${o.esPort}` }, 'Elasticsearch starting');
    }
    const k = state.kafka!;
    const e = state.elasticsearch!;
    const deadline = Date.now() + o.startTimeoutMs;
    // No command-line check here: a child spawned a moment ago may not have exec'd java yet.
    // (The Elasticsearch launcher exits when its server dies, so its pid is enough.)
    await Promise.all([
      waitReady(`Kafka ${k.version}`, () => kafkaAnswers(`127.0.0.1:${k.port}`), () => isAlive(k.pid), () => kafkaLogTail(o.dir),
        [kafkaPaths(o.dir).serverLog, kafkaPaths(o.dir).stdout], deadline, o.startTimeoutMs),
      waitReady(`Elasticsearch ${e.version}`, () => esAnswers(`http://127.0.0.1:${e.port}`, o.esPassword), () => isAlive(e.pid), () => esLogTail(o.dir),
        [esPaths(o.dir).serverLog, esPaths(o.dir).stdout], deadline, o.startTimeoutMs),
    ]);
  } catch (err) {
    if (started.length > 0) {
      log?.warn({ code: toVigieError(err).code, stopping: started }, 'stack startup failed; stopping what this call started');
      await stopServices(o, readState(o.dir), started, true);
    }
    throw err;
  }
  const readyMs = started.length > 0 ? Date.now() - spawnedAt : 0;
  const st = statusOf(o, state);
  log?.info({ brokers: st.kafka.address, url: st.elasticsearch.address, started, downloadMs, readyMs }, started.length > 0 ? 'stack ready' : 'stack already running');
  return {
    ...st,
    kafka: { ...st.kafka, answering: true },
    elasticsearch: { ...st.elasticsearch, answering: true },
    started,
    alreadyRunning: (['kafka', 'elasticsearch'] as const).filter((n) => !started.includes(n)),
    downloadMs,
    readyMs,
  };
}

async function stopServices(o: ResolvedStackOptions, state: StackState, which: ServiceName[], fresh = false): Promise<{ stopped: ServiceName[]; killed: ServiceName[] }> {
  const stopped: ServiceName[] = [];
  const killed: ServiceName[] = [];
  const jobs: Promise<void>[] = [];
  if (which.includes('elasticsearch') && state.elasticsearch !== undefined) {
    const pids = esPids(o.dir, state, fresh);
    const leader = state.elasticsearch.pid;
    jobs.push((async () => {
      if (pids.length > 0) {
        if (await stopGroup(leader, pids, o.stopTimeoutMs, fresh ? undefined : ES_MARKER)) killed.push('elasticsearch');
        stopped.push('elasticsearch');
      }
      rmSync(esPaths(o.dir).pidFile, { force: true });
    })());
  }
  if (which.includes('kafka') && state.kafka !== undefined) {
    const pid = state.kafka.pid;
    jobs.push((async () => {
      const marker = fresh ? undefined : KAFKA_MARKER;
      if (isAlive(pid, marker)) {
        if (await stopGroup(pid, [pid], o.stopTimeoutMs, marker)) killed.push('kafka');
        stopped.push('kafka');
      }
    })());
  }
  await Promise.all(jobs);
  const next: StackState = { ...state };
  for (const n of which) delete next[n];
  if (existsSync(o.dir)) writeState(o.dir, next);
  return { stopped, killed };
}

/**
 * Stops the stack started from `dir`: SIGTERM, then SIGKILL after `stopTimeoutMs`. Data stays
 * unless `removeData` is set (then the servers' data, logs and config under `dir` are deleted).
 */
export async function stackDown(opts: StackOptions & { removeData?: boolean } = {}): Promise<StackDownResult> {
  const o = resolveStackOptions(opts);
  const state = readState(o.dir);
  const { stopped, killed } = await stopServices(o, state, ['kafka', 'elasticsearch']);
  if (opts.removeData === true) {
    for (const p of [kafkaPaths(o.dir).root, esPaths(o.dir).root, stateFile(o.dir)]) rmSync(p, { recursive: true, force: true });
  }
  o.logger?.info({ dir: o.dir, stopped, killed }, stopped.length > 0 ? 'stack stopped' : 'stack was not running');
  return { dir: o.dir, stopped, killed };
}

/** Reports whether each server of the stack in `dir` runs and answers. */
export async function stackStatus(opts: StackOptions = {}): Promise<StackStatus> {
  const o = resolveStackOptions(opts);
  return probe(statusOf(o, readState(o.dir)), o.esPassword);
}
