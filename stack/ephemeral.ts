import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../core/logger.ts';
import { freePorts } from './process.ts';
import { startReaper } from './reaper.ts';
import { stackDown, stackUp } from './stack.ts';

/** A local stack of its own, on free ports in a temporary dir: for the test suite and the benchmarks. */
export interface EphemeralStack {
  /** `host:port` of the Kafka broker. */
  brokers: string;
  /** Elasticsearch base URL, no trailing slash. */
  esUrl: string;
  dir: string;
  /** Stops both servers and removes the dir. */
  stop: () => Promise<void>;
}

/**
 * Starts one stack in a fresh temporary dir on fresh ports. A reaper process stops it even when
 * the caller dies without reaching its teardown (Ctrl-C, a CI timeout). On failure the dir stays
 * so its logs can be read (stackUp already stopped what it started).
 */
export async function startEphemeralStack(o: { logger?: Logger; say: (msg: string) => void; prefix?: string }): Promise<EphemeralStack> {
  const dir = mkdtempSync(join(tmpdir(), o.prefix ?? 'vigie-stack-'));
  // mkdtemp makes it 0700; as root, Elasticsearch runs under its own account and must traverse it.
  chmodSync(dir, 0o755);
  const [kafkaPort, kafkaControllerPort, esPort, esTransportPort] = (await freePorts(4)) as [number, number, number, number];
  const opts = { dir, kafkaPort, kafkaControllerPort, esPort, esTransportPort, logger: o.logger };
  const reaper = startReaper(dir, process.pid, true);
  const stopReaper = () => {
    try {
      process.kill(reaper);
    } catch {
      // The reaper exits by itself once the dir is gone; it may have done so already.
    }
  };
  const t0 = Date.now();
  try {
    const up = await stackUp(opts);
    o.say(`local stack ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (download ${(up.downloadMs / 1000).toFixed(1)} s) in ${dir}`);
    return {
      brokers: up.kafka.address,
      esUrl: up.elasticsearch.address,
      dir,
      stop: async () => {
        const t1 = Date.now();
        await stackDown(opts);
        rmSync(dir, { recursive: true, force: true });
        stopReaper();
        o.say(`local stack stopped in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
      },
    };
  } catch (e) {
    o.say(`local stack failed to start; its logs stay in ${dir}`);
    stopReaper();
    throw e;
  }
}

/** Failures a second try cannot cure: the machine lacks something, or the options are wrong. */
export const PERMANENT_STACK_FAILURES = new Set(['ERR_STACK_NO_JAVA', 'ERR_STACK_NO_MAVEN', 'ERR_STACK_VERSION_NOT_FOUND', 'ERR_STACK_BAD_OPTION', 'ERR_STACK_ES_USER']);

/** `CODE: message` of any thrown value. */
export const reasonOf = (e: unknown): string => {
  const err = e as { code?: unknown; message?: unknown };
  return `${typeof err?.code === 'string' ? `${err.code}: ` : ''}${typeof err?.message === 'string' ? err.message : String(e)}`;
};

/**
 * Starts once more when the first start failed for a reason that may not come back (a server
 * that exited, a timeout, a port taken meanwhile, a network hiccup); `start` makes a fresh dir
 * and fresh ports each time. The first reason goes to `log` at once; if the second try fails
 * too, the error carries both.
 */
export async function startWithRetry<T>(start: () => Promise<T>, log: (msg: string) => void): Promise<T> {
  try {
    return await start();
  } catch (first) {
    const code = (first as { code?: unknown })?.code;
    if (typeof code === 'string' && PERMANENT_STACK_FAILURES.has(code)) throw first;
    log(`local stack start failed, trying once more in a fresh dir on fresh ports. First failure: ${reasonOf(first)}`);
    try {
      return await start();
    } catch (second) {
      throw new Error(`failed twice.\n    first try: ${reasonOf(first)}\n    second try: ${reasonOf(second)}`, { cause: second });
    }
  }
}
