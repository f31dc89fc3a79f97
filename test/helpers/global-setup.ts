/**
 * Global setup of the `integration` project: gives every integration test a real Kafka and a real
 * Elasticsearch, found in this order (real services, never mocks: docs/architecture.md, "Tests"):
 *   1. KAFKA_BROKERS and ELASTICSEARCH_URL from the environment (checked to answer);
 *   2. Testcontainers, when a container runtime answers;
 *   3. the local stack (stack/), on free ports in a temporary dir, started once and stopped after;
 *      a failed start is tried once more in a fresh dir on fresh ports (one flake must not fail
 *      every integration test), and both reasons are printed.
 * VIGIE_TEST_SERVICES=env|testcontainers|local-stack forces one way. If none works, the run fails
 * with every reason: integration tests are never skipped silently.
 */
import type { TestProject } from 'vitest/node';
import { createLogger } from '../../core/logger.ts';
import { esAnswers } from '../../stack/elasticsearch.ts';
import { kafkaAnswers, type ProbeResult } from '../../stack/kafka.ts';
import { freePorts } from '../../stack/index.ts';
import { reasonOf, startEphemeralStack, startWithRetry as retryStart } from '../../stack/ephemeral.ts';

/** How the services of this run were obtained. */
export type ServicesSource = 'env' | 'testcontainers' | 'local-stack';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Comma-separated `host:port` list. */
    kafkaBrokers: string;
    /** Base URL, no trailing slash. */
    elasticsearchUrl: string;
    servicesSource: ServicesSource;
  }
}

interface Services {
  source: ServicesSource;
  kafkaBrokers: string;
  elasticsearchUrl: string;
  stop: () => Promise<void>;
}

const say = (msg: string) => process.stderr.write(`[vigie test services] ${msg}\n`);

/** Polls a probe until it answers or `timeoutMs` passes; the last probe's reason ends up in the error. */
async function answersWithin(what: string, probe: () => Promise<ProbeResult>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await probe();
    if (r.ok) return;
    if (Date.now() > deadline) throw new Error(`${what} does not answer after ${timeoutMs / 1000} s: ${r.reason}`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

async function checkAnswer(kafkaBrokers: string, elasticsearchUrl: string, timeoutMs: number): Promise<void> {
  const first = kafkaBrokers.split(',')[0]?.trim() ?? '';
  await Promise.all([
    answersWithin(`Kafka at ${kafkaBrokers}`, () => kafkaAnswers(first), timeoutMs),
    answersWithin(`Elasticsearch at ${elasticsearchUrl}`, () => esAnswers(elasticsearchUrl, undefined), timeoutMs),
  ]);
}

async function fromEnv(): Promise<Services> {
  const kafkaBrokers = process.env.KAFKA_BROKERS!;
  const elasticsearchUrl = process.env.ELASTICSEARCH_URL!.replace(/\/+$/, '');
  await checkAnswer(kafkaBrokers, elasticsearchUrl, 30_000);
  return { source: 'env', kafkaBrokers, elasticsearchUrl, stop: async () => undefined };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(t));
}

async function fromTestcontainers(): Promise<Services> {
  // Imported lazily: loading testcontainers costs time, and fails outright on some Node versions.
  const tc = await import('testcontainers').catch((e: unknown) => {
    throw new Error(`cannot load the testcontainers package on Node ${process.versions.node} (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  });
  const client = await withTimeout(tc.getContainerRuntimeClient(), 5_000, 'the container runtime');
  const host = client.info.containerRuntime.host;
  // Kafka must advertise the address clients dial, so the host port is chosen before the container starts.
  const [kafkaPort] = await freePorts(1);
  const kafka = await new tc.GenericContainer('apache/kafka:3.9.1')
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${kafkaPort},CONTROLLER://0.0.0.0:9093`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${kafkaPort}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_LOG_DIRS: '/tmp/kraft-combined-logs',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_HEAP_OPTS: '-Xms256m -Xmx512m',
    })
    .withExposedPorts({ container: kafkaPort!, host: kafkaPort! })
    .withWaitStrategy(tc.Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(180_000)
    .start();
  try {
    const es = await new tc.GenericContainer('docker.elastic.co/elasticsearch/elasticsearch:8.19.7')
      .withEnvironment({
        'discovery.type': 'single-node',
        'xpack.security.enabled': 'false',
        'cluster.routing.allocation.disk.threshold_enabled': 'false',
        ES_JAVA_OPTS: '-Xms512m -Xmx512m',
      })
      .withExposedPorts(9200)
      .withWaitStrategy(tc.Wait.forHttp('/_cluster/health', 9200).forStatusCode(200))
      .withStartupTimeout(180_000)
      .start();
    const kafkaBrokers = `${host}:${kafkaPort}`;
    const elasticsearchUrl = `http://${es.getHost()}:${es.getMappedPort(9200)}`;
    await checkAnswer(kafkaBrokers, elasticsearchUrl, 60_000);
    return {
      source: 'testcontainers',
      kafkaBrokers,
      elasticsearchUrl,
      stop: async () => {
        await Promise.all([es.stop(), kafka.stop()]);
      },
    };
  } catch (e) {
    await kafka.stop();
    throw e;
  }
}

async function fromLocalStack(): Promise<Services> {
  const st = await startEphemeralStack({ logger: createLogger({ name: 'test-stack' }), say, prefix: 'vigie-test-stack-' });
  return { source: 'local-stack', kafkaBrokers: st.brokers, elasticsearchUrl: st.esUrl, stop: st.stop };
}

/** Tries the local stack twice (see stack/ephemeral.ts); the first failure goes to stderr at once. */
export const startWithRetry = <T>(start: () => Promise<T>, log: (msg: string) => void = say): Promise<T> => retryStart(start, log);

async function obtain(): Promise<Services> {
  const forced = process.env.VIGIE_TEST_SERVICES as ServicesSource | undefined;
  if (forced !== undefined && !['env', 'testcontainers', 'local-stack'].includes(forced)) {
    throw new Error(`VIGIE_TEST_SERVICES must be env, testcontainers or local-stack; got "${forced}"`);
  }
  const hasKafka = Boolean(process.env.KAFKA_BROKERS);
  const hasEs = Boolean(process.env.ELASTICSEARCH_URL);
  if (hasKafka !== hasEs) {
    throw new Error(`set both KAFKA_BROKERS and ELASTICSEARCH_URL, or neither (only ${hasKafka ? 'KAFKA_BROKERS' : 'ELASTICSEARCH_URL'} is set)`);
  }
  if (forced === 'env' || (forced === undefined && hasKafka)) {
    if (!hasKafka) throw new Error('VIGIE_TEST_SERVICES=env needs KAFKA_BROKERS and ELASTICSEARCH_URL');
    return fromEnv();
  }
  const failures: string[] = ['KAFKA_BROKERS / ELASTICSEARCH_URL: not set'];
  if (forced === undefined || forced === 'testcontainers') {
    try {
      return await fromTestcontainers();
    } catch (e) {
      const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
      failures.push(`Testcontainers: ${reason}`);
      if (forced === 'testcontainers') throw new Error(`no services for the integration tests:\n  ${failures.join('\n  ')}`);
      say(`Testcontainers unavailable (${reason}); starting the local stack`);
    }
  }
  try {
    return await startWithRetry(fromLocalStack);
  } catch (e) {
    failures.push(`local stack: ${reasonOf(e)}`);
    throw new Error(`no services for the integration tests:\n  ${failures.join('\n  ')}`);
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const s = await obtain();
  say(`using ${s.source}: KAFKA_BROKERS=${s.kafkaBrokers} ELASTICSEARCH_URL=${s.elasticsearchUrl}`);
  // Both ways: env for code that reads it (workers inherit it), provide/inject for tests.
  process.env.KAFKA_BROKERS = s.kafkaBrokers;
  process.env.ELASTICSEARCH_URL = s.elasticsearchUrl;
  project.provide('kafkaBrokers', s.kafkaBrokers);
  project.provide('elasticsearchUrl', s.elasticsearchUrl);
  project.provide('servicesSource', s.source);
  return s.stop;
}
