import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { VigieError } from '../core/errors.ts';
import { ensureCached } from '../core/cache.ts';
import type { Jdk } from './java.ts';
import { DEPENDENCY_PLUGIN, coordinateString, runMaven, type Coordinate } from './maven.ts';
import type { ResolvedStackOptions } from './options.ts';
import { readPid, spawnDetached, tailFile } from './process.ts';
import { chownRecursive, ensureSystemUser, ensureTraversable, isRoot, type RunAs } from './run-as.ts';
import type { ProbeResult } from './kafka.ts';

/** Text found in the command lines of the Elasticsearch launcher and server. */
export const ES_MARKER = 'elasticsearch';
export const CLUSTER_NAME = 'vigie-stack';

/** The minimal official distribution: server core, x-pack core and security (no analysis-common, ILM, ingest). */
export function esCoordinates(version: string): Coordinate[] {
  return [{ group: 'org.elasticsearch.distribution.integ-test-zip', artifact: 'elasticsearch', version, type: 'zip' }];
}

/** Files of one Elasticsearch instance inside the stack dir. */
export function esPaths(dir: string) {
  const root = join(dir, 'elasticsearch');
  return {
    root,
    config: join(root, 'config'),
    data: join(root, 'data'),
    logs: join(root, 'logs'),
    tmp: join(root, 'tmp'),
    serverLog: join(root, 'logs', `${CLUSTER_NAME}.log`),
    stdout: join(root, 'es.out'),
    pidFile: join(root, 'es.pid'),
  };
}

/** Downloads and unzips Elasticsearch into the cache (once per version); returns its home. */
export async function ensureElasticsearch(o: ResolvedStackOptions, jdk: Jdk): Promise<{ home: string; downloaded: boolean }> {
  const cached = join(o.cacheDir, `elasticsearch-${o.esVersion}`);
  const downloaded = await ensureCached(cached, async (tmp) => {
    o.logger?.info({ version: o.esVersion, cache: cached }, 'downloading Elasticsearch from Maven Central (first run only)');
    const coords = esCoordinates(o.esVersion);
    await runMaven(
      tmp,
      coords,
      [`${DEPENDENCY_PLUGIN}:copy`, `-Dartifact=${coordinateString(coords[0]!)}`, `-DoutputDirectory=${tmp}`],
      join(o.cacheDir, `elasticsearch-${o.esVersion}.download.log`),
      `Elasticsearch ${o.esVersion}`,
    );
    const zip = join(tmp, `elasticsearch-${o.esVersion}.zip`);
    await unzip(zip, tmp, jdk);
    rmSync(zip, { force: true });
  });
  const home = join(cached, `elasticsearch-${o.esVersion}`);
  if (!existsSync(join(home, 'bin', 'elasticsearch'))) {
    throw new VigieError('ERR_STACK_DOWNLOAD', `the cached Elasticsearch in ${cached} has no bin/elasticsearch; delete that directory and retry`, { details: { cached } });
  }
  return { home, downloaded };
}

/** `unzip` keeps the executable bits; without it the JDK's `jar` extracts and the scripts are made executable again. */
async function unzip(zip: string, dest: string, jdk: Jdk): Promise<void> {
  let r = spawnSync('unzip', ['-q', '-o', zip, '-d', dest], { encoding: 'utf8' });
  if (r.error !== undefined) {
    r = spawnSync(join(jdk.home, 'bin', 'jar'), ['xf', zip], { cwd: dest, encoding: 'utf8' });
    if (r.status === 0) {
      const home = readdirSync(dest).find((n) => n.startsWith('elasticsearch-') && !n.endsWith('.zip'));
      if (home !== undefined) {
        for (const f of await readdir(join(dest, home, 'bin'))) await chmod(join(dest, home, 'bin', f), 0o755);
      }
    }
  }
  if (r.status !== 0) {
    throw new VigieError('ERR_STACK_DOWNLOAD', `extracting ${zip} failed: ${(r.stderr || String(r.error)).trim()}`, { details: { zip } });
  }
}

/** elasticsearch.yml of the single local node; security only when a password is given. */
export function renderEsConfig(p: { httpPort: number; transportPort: number; data: string; logs: string; security: boolean }): string {
  const lines = [
    '# Written by `vigie stack up`; rewritten on every start.',
    `cluster.name: ${CLUSTER_NAME}`,
    'node.name: vigie-local',
    'network.host: 127.0.0.1',
    `http.port: ${p.httpPort}`,
    `transport.port: ${p.transportPort}`,
    'discovery.type: single-node',
    `path.data: ${p.data}`,
    `path.logs: ${p.logs}`,
    'xpack.ml.enabled: false',
    // A nearly full developer disk must not turn indices read-only in the middle of a test.
    'cluster.routing.allocation.disk.threshold_enabled: false',
    `xpack.security.enabled: ${p.security}`,
  ];
  if (p.security) {
    // Loopback only: basic auth over plain HTTP is enough to exercise authentication locally.
    lines.push('xpack.security.http.ssl.enabled: false', 'xpack.security.transport.ssl.enabled: false');
  }
  return `${lines.join('\n')}\n`;
}

/** Account running Elasticsearch: the current user, or the dedicated one when we are root. */
export function esRunAs(o: ResolvedStackOptions): RunAs {
  return isRoot() ? ensureSystemUser(o.esUser, o.logger) : {};
}

/** Prepares config, data and log dirs, then starts Elasticsearch. Returns the launcher's pid (its process group). */
export function startElasticsearch(o: ResolvedStackOptions, jdk: Jdk, home: string): number {
  const p = esPaths(o.dir);
  for (const d of [p.data, p.logs, p.tmp]) mkdirSync(d, { recursive: true });
  if (!existsSync(join(p.config, 'jvm.options'))) cpSync(join(home, 'config'), p.config, { recursive: true });
  mkdirSync(join(p.config, 'jvm.options.d'), { recursive: true });
  writeFileSync(join(p.config, 'elasticsearch.yml'), renderEsConfig({ httpPort: o.esPort, transportPort: o.esTransportPort, data: p.data, logs: p.logs, security: o.esPassword !== undefined }));
  writeFileSync(join(p.config, 'jvm.options.d', 'heap.options'), `-Xms${o.esHeapMb}m\n-Xmx${o.esHeapMb}m\n`);

  const runAs = esRunAs(o);
  if (runAs.uid !== undefined && runAs.gid !== undefined) {
    chownRecursive(p.root, runAs.uid, runAs.gid);
    ensureTraversable(home, o.logger);
    ensureTraversable(p.root, o.logger);
  }
  const env: NodeJS.ProcessEnv = {
    // A minimal environment: the caller's may hold secrets the server has no use for.
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: process.env.LANG ?? 'C.UTF-8',
    HOME: p.root,
    ES_JAVA_HOME: jdk.home,
    ES_PATH_CONF: p.config,
    ES_TMPDIR: p.tmp,
  };
  const spawnOpts = { cwd: p.root, env, ...(runAs.uid === undefined ? {} : { uid: runAs.uid, gid: runAs.gid }) };
  if (o.esPassword !== undefined) setBootstrapPassword(home, o.esPassword, spawnOpts);
  // -q: logs go to the rolling file only; startup failures still reach stderr (es.out).
  return spawnDetached(join(home, 'bin', 'elasticsearch'), ['-q', '-p', p.pidFile], p.stdout, spawnOpts);
}

function setBootstrapPassword(home: string, password: string, opts: { cwd: string; env: NodeJS.ProcessEnv; uid?: number; gid?: number }): void {
  const tool = join(home, 'bin', 'elasticsearch-keystore');
  const run = (args: string[], input?: string) => {
    const r = spawnSync(tool, args, { ...opts, input, encoding: 'utf8' });
    if (r.status !== 0) {
      throw new VigieError('ERR_STACK_START_FAILED', `elasticsearch-keystore ${args[0]} failed: ${(r.stderr || r.stdout || String(r.error)).trim()}`);
    }
  };
  if (!existsSync(join(opts.env.ES_PATH_CONF ?? '', 'elasticsearch.keystore'))) run(['create']);
  run(['add', '-x', '-f', 'bootstrap.password'], password);
}

/** The server's own pid, once it has written its pid file. */
export function esServerPid(dir: string): number | undefined {
  return readPid(esPaths(dir).pidFile);
}

/** Authorization header for the `elastic` user when security is on. */
export function esAuthHeader(password: string | undefined): Record<string, string> {
  return password === undefined ? {} : { authorization: `Basic ${Buffer.from(`elastic:${password}`).toString('base64')}` };
}

/** Probes `_cluster/health` (this distribution answers 405 on `GET /`): ok once the cluster is yellow or green. */
export async function esAnswers(url: string, password: string | undefined): Promise<ProbeResult> {
  try {
    const res = await fetch(`${url}/_cluster/health`, { headers: esAuthHeader(password), signal: AbortSignal.timeout(3_000) });
    if (res.status === 401) return { ok: false, reason: 'HTTP 401: security is on, the elastic password is missing or wrong' };
    if (!res.ok) return { ok: false, reason: `HTTP ${res.status}` };
    const body = (await res.json()) as { status?: string };
    return body.status === 'green' || body.status === 'yellow' ? { ok: true } : { ok: false, reason: `cluster status ${body.status}` };
  } catch (e) {
    // Connection refused is the expected answer while the node starts; the caller polls until its deadline.
    return { ok: false, reason: e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e) };
  }
}

/** The last lines of Elasticsearch's logs, for an error message. */
export function esLogTail(dir: string): string {
  const p = esPaths(dir);
  return [tailFile(p.stdout, 10), tailFile(p.serverLog, 15)].filter((s) => s !== '').join('\n');
}
