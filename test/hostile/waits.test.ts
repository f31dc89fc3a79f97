/**
 * Waits that used to overflow Node's 2^31 ms timer limit into a 1 ms busy loop
 * (test/fixtures/hostile/waits/cases.json): a server answering a Retry-After of years, a sleep
 * longer than 24.8 days, a fetch timeout of 30 days. Each must wait (at least) as long as it
 * should, never spin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../core/bus-memory.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { backoffDelay, sleep } from '../../core/retry.ts';
import { safeFetch } from '../../ingest/kit/http/fetch.ts';
import { MemoryCursorStore } from '../../ingest/runner/cursor-store.ts';
import { IngestRunner } from '../../ingest/runner/runner.ts';
import { RssConnector, rssConfigSchema } from '../../ingest/rss/index.ts';
import { systemClock } from '../../core/clock.ts';
import { startFeedServer, type FeedServer } from '../../ingest/kit/testing/feed-server.ts';

interface WaitCase { name: string; attacks: string; status: number; retryAfter: string; maxPolls: number }
const cases = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'hostile', 'waits', 'cases.json'), 'utf8')) as WaitCase[];

let srv: FeedServer | undefined;
let runner: IngestRunner | undefined;
afterEach(async () => {
  await runner?.stop();
  await srv?.close();
  runner = undefined;
  srv = undefined;
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a Retry-After of years means "not before the next interval"', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    srv = await startFeedServer({ '/feed': { status: c.status, headers: { 'retry-after': c.retryAfter }, body: 'busy' } });
    const source = rssConfigSchema.parse({ url: srv.url('/feed'), allowPrivate: true, timeout: '5s' });
    const bus = new MemoryBus();
    await bus.ensureTopics([{ name: 'raw', partitions: 1, replicationFactor: 1 }]);
    runner = new IngestRunner({
      sources: [{ name: 'busy', kind: 'rss', interval: 600_000, enabled: true, ...source }],
      bus, topic: 'raw', cursors: new MemoryCursorStore(), logger: silentLogger(), metrics: new Metrics(),
      createConnector: (s) => new RssConnector({ ...(s as unknown as typeof source), name: 'busy' }, { logger: silentLogger(), clock: systemClock, metrics: new Metrics() }),
      hostIntervalMs: 0, retries: 0, healthLogIntervalMs: 0,
    });
    runner.start();
    // Before the fix, 6 s of this gave 24 requests; one poll, then the 10-minute interval.
    await pause(1500);
    expect(srv.requests.length, c.attacks).toBeLessThanOrEqual(c.maxPolls);
    expect(srv.requests.length).toBe(1);
  });
});

describe('timers never overflow', () => {
  it('a sleep longer than 2^31 ms does not return after 1 ms', async () => {
    const ac = new AbortController();
    let done = false;
    const p = sleep(2 ** 31 + 5_000, ac.signal).then(() => (done = true), () => undefined);
    await pause(100);
    expect(done).toBe(false);
    ac.abort();
    await p;
  });

  it('a backoff with a Retry-After of years fits a timer', () => {
    expect(backoffDelay(3, 100, 1000, () => 0.5, 99_999_999_999_000)).toBeLessThanOrEqual(2 ** 31 - 1);
    expect(backoffDelay(5000, 100, 1000, () => 0.5)).toBeLessThanOrEqual(1000);
  });

  it('a fetch timeout of 30 days does not fire at once', async () => {
    srv = await startFeedServer({ '/ok': { body: '<rss/>' } });
    const res = await safeFetch(srv.url('/ok'), { allowPrivate: true, timeoutMs: 30 * 86_400_000 });
    expect(res.status).toBe(200);
  });
});
