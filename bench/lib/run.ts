/**
 * What every benchmark shares: the machine context printed first, the services it needs (the
 * given KAFKA_BROKERS / ELASTICSEARCH_URL, else a local stack of its own on free ports, stopped
 * afterwards), one line with the fix instead of a stack trace when something is missing, and one
 * machine-readable JSON line last so runs can be compared.
 */
import { cpus, loadavg } from 'node:os';
import { esAnswers } from '../../stack/elasticsearch.ts';
import { startEphemeralStack, startWithRetry, reasonOf, type EphemeralStack } from '../../stack/ephemeral.ts';
import { kafkaAnswers } from '../../stack/kafka.ts';

process.env.DOTENV_CONFIG_QUIET = 'true';

/** Cores, CPU model, load average and Node version: the figures mean little without them. */
export function machine(): { cores: number; cpu: string; load: number[]; node: string } {
  return { cores: cpus().length, cpu: cpus()[0]?.model.trim() ?? 'unknown', load: loadavg().map((x) => Number(x.toFixed(2))), node: process.version };
}

/** What a benchmark needs from outside: real Kafka, real Elasticsearch, or both. */
export interface Needs {
  kafka?: boolean;
  es?: boolean;
}

export interface BenchServices {
  brokers: string[];
  esUrl: string;
  /** `env` when the user gave the services, `local-stack` when the bench started its own. */
  source: 'env' | 'local-stack';
}

/** An error whose message already says what to do: printed as one line, no stack trace. */
export class BenchSetupError extends Error {}

async function answers(what: string, probe: () => Promise<{ ok: boolean; reason?: string }>, fix: string): Promise<void> {
  const r = await probe();
  if (!r.ok) throw new BenchSetupError(`${what} does not answer (${r.reason ?? 'no reason given'}). ${fix}`);
}

let ownStack: EphemeralStack | undefined;

/**
 * The services of this run. Given ones are checked to answer (a refused connection is one line,
 * not 30 s of client retries); otherwise a local stack is started in a temporary dir on free
 * ports, and `runBench` stops it at the end.
 */
export async function benchServices(name: string, needs: Needs): Promise<BenchServices> {
  const say = (m: string) => process.stderr.write(`bench:${name}: ${m}\n`);
  const kafkaEnv = process.env.KAFKA_BROKERS;
  const esEnv = process.env.ELASTICSEARCH_URL;
  const given = (!needs.kafka || kafkaEnv) && (!needs.es || esEnv);
  if (given) {
    const fix = 'Start it, or unset KAFKA_BROKERS and ELASTICSEARCH_URL to let the bench start a local stack of its own.';
    if (needs.kafka) await answers(`Kafka at ${kafkaEnv}`, () => kafkaAnswers(kafkaEnv!.split(',')[0]!.trim()), fix);
    if (needs.es) await answers(`Elasticsearch at ${esEnv}`, () => esAnswers(esEnv!.replace(/\/+$/, ''), undefined), fix);
    return { brokers: (kafkaEnv ?? '').split(',').filter(Boolean), esUrl: (esEnv ?? '').replace(/\/+$/, ''), source: 'env' };
  }
  say('KAFKA_BROKERS / ELASTICSEARCH_URL not set: starting a local Kafka and Elasticsearch on free ports (stopped at the end; the first run downloads them from Maven Central)');
  ownStack = await startWithRetry(() => startEphemeralStack({ say, prefix: `vigie-bench-${name}-` }), say);
  return { brokers: [ownStack.brokers], esUrl: ownStack.esUrl, source: 'local-stack' };
}

/** Prints the machine context and turns any uncaught failure into one line with its code (see `fail`). */
export function benchStart(name: string): void {
  const m = machine();
  process.stdout.write(`bench:${name} on ${m.cores} cores (${m.cpu}), load average ${m.load.join(' ')}, Node ${m.node}\n`);
  process.once('uncaughtException', (e) => fail(name, e));
  process.once('unhandledRejection', (e) => fail(name, e));
}

/** One line with the code and what to do (BENCH_DEBUG=1 adds the stack trace); exit code 1. */
function fail(name: string, e: unknown): void {
  const trace = process.env.BENCH_DEBUG === '1' && e instanceof Error ? `\n${e.stack}` : '';
  process.stderr.write(`bench:${name} failed: ${e instanceof BenchSetupError ? e.message : reasonOf(e)}${trace}\n`);
  process.exitCode = 1;
}

/** The last line of every benchmark: its figures and the machine, as one JSON object. */
export function benchEnd(name: string, figures: Record<string, unknown>, start = machine()): void {
  process.stdout.write(`${JSON.stringify({ bench: name, ...figures, machine: { ...start, loadEnd: machine().load } })}\n`);
}

/**
 * Runs a benchmark between `benchStart` and `benchEnd`; the local stack it started is stopped in
 * every case, Ctrl-C included.
 */
export async function runBench(name: string, body: () => Promise<Record<string, unknown>>): Promise<void> {
  const start = machine();
  benchStart(name);
  const stop = async () => {
    const s = ownStack;
    ownStack = undefined;
    await s?.stop().catch((e: unknown) => process.stderr.write(`bench:${name}: stopping the local stack: ${reasonOf(e)}\n`));
  };
  const onSignal = () => void stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let figures: Record<string, unknown> | undefined;
  try {
    figures = await body();
  } catch (e) {
    fail(name, e);
  } finally {
    await stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  // Last, after the stack's own messages: the JSON line is the run's last line.
  if (figures) benchEnd(name, figures, start);
}
