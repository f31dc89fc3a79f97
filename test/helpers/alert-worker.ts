import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import type { Alert } from '../../alerts/contracts.ts';
import type { AlertTopics } from '../../alerts/worker.ts';
import { KafkaBus } from '../../core/bus-kafka.ts';
import { verifySignature } from '../../notify/signature.ts';
import type { Received } from '../fixtures/alerts/receiver.ts';
import { kafkaBrokers, uniqueName } from './services.ts';

/** What one alert worker process runs, beyond the brokers, topics and group the rig gives it. */
export interface WorkerSettings {
  rules: unknown[];
  channels: unknown[];
  grouping?: 'scope' | 'rule';
  tickMs?: number;
}

/** Alert workers in their own processes on the run's real Kafka, sharing fresh topics and one group. */
export interface AlertWorkerRig {
  topics: AlertTopics;
  /** Consumer group of the workers (state records are keyed `<groupId>/rule:<name>|<scope>`). */
  groupId: string;
  bus: KafkaBus;
  /** Creates the input topic (3 partitions, so a batch is spread as in production). */
  createTopics(): Promise<void>;
  /** Starts a worker (test/fixtures/alerts/worker-process.ts); resolves once it is ready. */
  start(settings: WorkerSettings): Promise<ChildProcess>;
  /** Publishes enriched mentions to the input topic, keyed by id. */
  publish(ms: ReadonlyArray<{ id: string }>): Promise<void>;
  /** Kills the workers still running (SIGKILL), deletes the topics, closes the client. */
  close(): Promise<void>;
}

/**
 * A rig for alert workers a test can kill without cleanup (SIGKILL) and start again: the
 * workers are child processes, the topics `test-<uuid>-{enriched,alerts,state,dlq}`.
 */
export function alertWorkerRig(): AlertWorkerRig {
  const base = uniqueName();
  const brokers = kafkaBrokers();
  const topics: AlertTopics = { enriched: `${base}-enriched`, alerts: `${base}-alerts`, state: `${base}-state`, dlq: `${base}-dlq` };
  const groupId = `${base}-alerts`;
  const bus = new KafkaBus({ brokers, clientId: base });
  const children: ChildProcess[] = [];
  return {
    topics,
    groupId,
    bus,
    createTopics: () => bus.ensureTopics([{ name: topics.enriched, partitions: 3, replicationFactor: 1 }]),
    start(settings) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/alerts/worker-process.ts', JSON.stringify({ brokers, topics, groupId, ...settings })], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      return new Promise((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => d.toString().includes('READY') && resolve(child));
        child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
      });
    },
    publish: (ms) => bus.publish(topics.enriched, ms.map((m) => ({ key: m.id, value: JSON.stringify(m) }))),
    async close() {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      await bus.deleteTopics(Object.values(topics)).catch(() => undefined);
      await bus.close();
    },
  };
}

/** The alerts a webhook receiver got, each signature checked against `secret`. */
export function signedAlerts(received: readonly Received[], secret: string): Alert[] {
  return received.map((r) => {
    expect(verifySignature(r.headers['x-vigie-signature'] as string, r.body, [secret])).toBe(true);
    return (JSON.parse(r.body) as { alert: Alert }).alert;
  });
}
