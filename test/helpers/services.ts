/** Helpers for integration tests: the real services of the run, unique names, polling. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';

function provided(key: 'kafkaBrokers' | 'elasticsearchUrl', envName: string): string {
  const v = inject(key) ?? process.env[envName];
  if (!v) {
    throw new Error(`${envName} is not available: run integration tests through the "integration" vitest project (its global setup provides the services)`);
  }
  return v;
}

/** Kafka bootstrap brokers of this run (`host:port` each), ready for `new KafkaBus({ brokers })`. */
export function kafkaBrokers(): string[] {
  return provided('kafkaBrokers', 'KAFKA_BROKERS').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Elasticsearch base URL of this run, without a trailing slash. */
export function elasticsearchUrl(): string {
  return provided('elasticsearchUrl', 'ELASTICSEARCH_URL').replace(/\/+$/, '');
}

/**
 * A fresh name for a topic or an index: `test-<uuid>`, or `test-<prefix>-<uuid>` with a prefix
 * (lowercased, other characters than a-z 0-9 - replaced), valid as both a Kafka topic and an index name.
 */
export function uniqueName(prefix?: string): string {
  const p = prefix === undefined ? '' : `${prefix.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '')}-`;
  return `test-${p === '-' ? '' : p}${randomUUID()}`;
}

/**
 * Polls `predicate` every `intervalMs` until it returns a truthy value, and resolves with it.
 * A throwing predicate counts as "not yet"; the rejection after `timeoutMs` names `what` and the last error.
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, timeoutMs: number, what: string, intervalMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await predicate();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const last = lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
