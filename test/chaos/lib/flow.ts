/**
 * A steady stream of raw mentions into the raw topic, as a busy source would produce them.
 * A chunk whose publish fails (broker restarting) is sent again until acknowledged: the producer
 * is at-least-once, like the ingest runner, and the mention id keeps Elasticsearch free of doubles.
 */
import type { KafkaBus } from '../../../core/bus-kafka.ts';
import { asMessages, rawMentions } from './pipeline.ts';

export interface Flow {
  /** Distinct mentions acknowledged by the broker so far. */
  readonly produced: number;
  /** Publish attempts that failed and were retried. */
  readonly failedAttempts: number;
  /** Resolves with the number produced once a limited flow reached its limit (or was stopped). */
  done(): Promise<number>;
  /** Stops after the chunk in flight; resolves with the number produced. */
  stop(): Promise<number>;
}

export interface FlowOptions {
  bus: KafkaBus;
  topic: string;
  runId: string;
  /** Mentions per second (default 100). */
  ratePerSec?: number;
  /** Id of the first mention (default 0), so several flows of one run never share ids. */
  first?: number;
  /** Stop by itself after this many mentions. */
  limit?: number;
}

export function startFlow(o: FlowOptions): Flow {
  const rate = o.ratePerSec ?? 100;
  const tickMs = 100;
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  let produced = 0;
  let failedAttempts = 0;
  let stopping = false;
  const loop = (async () => {
    let next = o.first ?? 0;
    while (!stopping && (o.limit === undefined || produced < o.limit)) {
      const t0 = Date.now();
      const n = o.limit === undefined ? perTick : Math.min(perTick, o.limit - produced);
      const chunk = asMessages(rawMentions(o.runId, next, n));
      for (;;) {
        try {
          await o.bus.publish(o.topic, chunk);
          break;
        } catch {
          failedAttempts += 1;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      next += n;
      produced += n;
      const wait = tickMs - (Date.now() - t0);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  })();
  return {
    get produced() {
      return produced;
    },
    get failedAttempts() {
      return failedAttempts;
    },
    async done() {
      await loop;
      return produced;
    },
    async stop() {
      stopping = true;
      await loop;
      return produced;
    },
  };
}

/** Renders rows as an aligned text table (first row = header). */
export function table(rows: Array<Array<string | number>>): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
