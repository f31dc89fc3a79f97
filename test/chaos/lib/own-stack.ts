/**
 * A private Kafka + Elasticsearch (the local stack, on free ports, in a temporary directory) that
 * the chaos suite may stop, kill and restart without disturbing anyone else's services.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ES_MARKER, esServerPid } from '../../../stack/elasticsearch.ts';
import { KAFKA_MARKER } from '../../../stack/kafka.ts';
import { freePorts, stackDown, stackUp, type StackOptions } from '../../../stack/index.ts';
import { isAlive, stopGroup } from '../../../stack/process.ts';
import { startReaper } from '../../../stack/reaper.ts';

export interface OwnStack {
  brokers: string[];
  esUrl: string;
  dir: string;
  /** Graceful stop (SIGTERM, SIGKILL after 30 s) of one server; the other keeps running. */
  stop(service: 'kafka' | 'elasticsearch'): Promise<void>;
  /** Starts whatever is stopped and resolves once both answer. */
  start(): Promise<void>;
  down(): Promise<void>;
}

interface State {
  kafka?: { pid: number };
  elasticsearch?: { pid: number };
}

export async function startOwnStack(): Promise<OwnStack> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-chaos-stack-'));
  // As root, Elasticsearch runs under its own account and must traverse the directory.
  chmodSync(dir, 0o755);
  const [kafkaPort, kafkaControllerPort, esPort, esTransportPort] = (await freePorts(4)) as [number, number, number, number];
  const opts: StackOptions = { dir, kafkaPort, kafkaControllerPort, esPort, esTransportPort, kafkaHeapMb: 512, esHeapMb: 512 };
  // Stops the stack even if this run dies before its teardown.
  const reaper = startReaper(dir, process.pid, true);
  const up = await stackUp(opts);
  const state = (): State => JSON.parse(readFileSync(join(dir, 'stack.json'), 'utf8')) as State;
  return {
    brokers: [up.kafka.address],
    esUrl: up.elasticsearch.address,
    dir,
    async stop(service) {
      const s = state();
      if (service === 'kafka' && s.kafka && isAlive(s.kafka.pid, KAFKA_MARKER)) await stopGroup(s.kafka.pid, [s.kafka.pid], 30_000, KAFKA_MARKER);
      if (service === 'elasticsearch' && s.elasticsearch) {
        const pids = [s.elasticsearch.pid, esServerPid(dir)].filter((p): p is number => p !== undefined && isAlive(p, ES_MARKER));
        if (pids.length) await stopGroup(s.elasticsearch.pid, pids, 30_000, ES_MARKER);
      }
    },
    async start() {
      await stackUp(opts);
    },
    async down() {
      await stackDown(opts);
      rmSync(dir, { recursive: true, force: true });
      try {
        process.kill(reaper);
      } catch {
        // The reaper exits by itself once the directory is gone.
      }
    },
  };
}
