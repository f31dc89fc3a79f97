import { join, resolve } from 'node:path';
import type { Logger } from '../core/logger.ts';
import { defaultCacheDir } from '../core/cache.ts';
import { VigieError } from '../core/errors.ts';

/** Default artifact versions: Kafka 4.x dropped protocol versions kafkajs 2.2.4 needs, so Kafka stays on 3.9. */
export const DEFAULT_KAFKA_VERSION = '3.9.1';
export const DEFAULT_ES_VERSION = '8.19.7';
export const DEFAULT_KAFKA_PORT = 9092;
export const DEFAULT_ES_PORT = 9200;
/** Unprivileged account that runs Elasticsearch when the stack is started by root. */
export const DEFAULT_ES_USER = 'vigie-es';

/** Options of `stackUp`, `stackDown` and `stackStatus`; everything has a default. */
export interface StackOptions {
  /** State, data and logs of one stack instance. Default `~/.cache/vigie/stack/run`. */
  dir?: string;
  /** Downloaded artifacts. Default `$VIGIE_STACK_CACHE`, else `~/.cache/vigie/stack`. */
  cacheDir?: string;
  kafkaVersion?: string;
  esVersion?: string;
  /** Kafka client port (default 9092); the KRaft controller listens on `kafkaControllerPort` (default port + 1). */
  kafkaPort?: number;
  kafkaControllerPort?: number;
  /** Elasticsearch HTTP port (default 9200); the transport port defaults to HTTP port + 100. */
  esPort?: number;
  esTransportPort?: number;
  /** JVM heap of each server in MiB (default 512; the issue caps it at 1 GiB each). */
  kafkaHeapMb?: number;
  esHeapMb?: number;
  /** Turn on Elasticsearch security (HTTP basic auth, user `elastic`, this bootstrap password). Fixed when the data dir is first created. */
  esPassword?: string;
  /** How long `stackUp` waits for both servers to answer (default 180 s). */
  startTimeoutMs?: number;
  /** How long `stackDown` waits after SIGTERM before SIGKILL (default 30 s). */
  stopTimeoutMs?: number;
  /** Account running Elasticsearch when the caller is root (default `vigie-es`). */
  esUser?: string;
  logger?: Logger;
}

export interface ResolvedStackOptions extends Required<Omit<StackOptions, 'esPassword' | 'logger'>> {
  esPassword: string | undefined;
  logger: Logger | undefined;
}

export { defaultCacheDir };

/** Fills in defaults and validates; every problem is reported at once (ERR_STACK_BAD_OPTION). */
export function resolveStackOptions(o: StackOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedStackOptions {
  const cacheDir = resolve(o.cacheDir ?? defaultCacheDir(env));
  const kafkaPort = o.kafkaPort ?? DEFAULT_KAFKA_PORT;
  const esPort = o.esPort ?? DEFAULT_ES_PORT;
  const r: ResolvedStackOptions = {
    dir: resolve(o.dir ?? join(cacheDir, 'run')),
    cacheDir,
    kafkaVersion: o.kafkaVersion ?? DEFAULT_KAFKA_VERSION,
    esVersion: o.esVersion ?? DEFAULT_ES_VERSION,
    kafkaPort,
    kafkaControllerPort: o.kafkaControllerPort ?? kafkaPort + 1,
    esPort,
    esTransportPort: o.esTransportPort ?? esPort + 100,
    kafkaHeapMb: o.kafkaHeapMb ?? 512,
    esHeapMb: o.esHeapMb ?? 512,
    esPassword: o.esPassword,
    startTimeoutMs: o.startTimeoutMs ?? 180_000,
    stopTimeoutMs: o.stopTimeoutMs ?? 30_000,
    esUser: o.esUser ?? DEFAULT_ES_USER,
    logger: o.logger,
  };
  const problems: string[] = [];
  const ports = { kafkaPort: r.kafkaPort, kafkaControllerPort: r.kafkaControllerPort, esPort: r.esPort, esTransportPort: r.esTransportPort };
  for (const [name, p] of Object.entries(ports)) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) problems.push(`${name}: must be an integer port 1-65535, got ${String(p)}`);
  }
  const seen = new Map<number, string>();
  for (const [name, p] of Object.entries(ports)) {
    if (!Number.isInteger(p)) continue;
    const other = seen.get(p);
    if (other !== undefined) problems.push(`${name}: port ${p} is already used by ${other}`);
    seen.set(p, name);
  }
  for (const [name, v] of [['kafkaVersion', r.kafkaVersion], ['esVersion', r.esVersion]] as const) {
    if (!/^\d+\.\d+\.\d+([.-][0-9A-Za-z.-]+)?$/.test(v)) problems.push(`${name}: must look like 1.2.3, got "${v}"`);
  }
  for (const [name, mb] of [['kafkaHeapMb', r.kafkaHeapMb], ['esHeapMb', r.esHeapMb]] as const) {
    if (!Number.isInteger(mb) || mb < 128 || mb > 1024) problems.push(`${name}: must be an integer between 128 and 1024 MiB, got ${String(mb)}`);
  }
  if (r.esPassword !== undefined && r.esPassword.length < 6) problems.push('esPassword: must have at least 6 characters');
  if (!/^[a-z_][a-z0-9_-]*$/.test(r.esUser)) problems.push(`esUser: not a valid user name: "${r.esUser}"`);
  if (problems.length > 0) {
    throw new VigieError('ERR_STACK_BAD_OPTION', `invalid stack options:\n  ${problems.join('\n  ')}`, { details: { problems } });
  }
  return r;
}
