import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../../core/bus-memory.ts';
import type { Connector, PollResult } from '../../core/contracts.ts';
import { VigieError } from '../../core/errors.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { CursorGuard, isCursorRefusal } from './cursor-guard.ts';
import { MemoryCursorStore } from './cursor-store.ts';
import { IngestRunner } from './runner.ts';

const forbidden = (details: Record<string, unknown> = {}) => new VigieError('ERR_FETCH_HTTP', 'HTTP 403 Forbidden', { details: { status: 403, ...details } });

/** Like Bluesky's public AppView: the first page answers, any request with a `cursor` gets 403. */
class RefusesCursors implements Connector {
  seen: Array<string | undefined> = [];
  async poll(cursor: string | undefined): Promise<PollResult> {
    this.seen.push(cursor);
    if (cursor) throw forbidden();
    return { mentions: [{ schemaVersion: 1, id: 'k:1', source: { kind: 'fake' }, publishedAt: '2026-01-05T10:00:00.000Z', text: 'x' }], cursor: 'page-2' };
  }
}

describe('stuck-cursor guard', () => {
  it('drops a saved cursor refused three polls in a row, with a warning and a metric, then polls from the lookback', async () => {
    const bus = new MemoryBus();
    await bus.ensureTopics([{ name: 'raw', partitions: 1, replicationFactor: 1 }, { name: 'dlq', partitions: 1, replicationFactor: 1 }]);
    const cursors = new MemoryCursorStore();
    await cursors.set('bsky', 'page-2');
    const metrics = new Metrics();
    const connector = new RefusesCursors();
    const runner = new IngestRunner({
      sources: [{ name: 'bsky', kind: 'fake', interval: 60_000, enabled: true, url: 'https://public.api.bsky.app/' }],
      bus, topic: 'raw', dlqTopic: 'dlq', cursors, logger: silentLogger(), metrics,
      createConnector: () => connector, hostIntervalMs: 0, retries: 0, retryBaseMs: 1,
    });
    const rounds = [];
    for (let i = 0; i < 4; i++) rounds.push(await runner.runOnce());
    expect(rounds.map((r) => r[0]!.ok)).toEqual([false, false, false, true]);
    expect(connector.seen).toEqual(['page-2', 'page-2', 'page-2', '']);
    expect(await metrics.registry.getSingleMetricAsString('vigie_source_cursor_dropped_total')).toMatch(/source="bsky"} 1/);
    expect(bus.messages('raw').map((m) => m.key)).toEqual(['k:1']);
  });

  it('counts only refusals of the same cursor, in a row; auth, rate limits and transient failures never drop it', () => {
    const g = new CursorGuard(2);
    expect(g.failed('s', 'c1', forbidden())).toBe(false);
    expect(g.failed('s', 'c2', forbidden())).toBe(false);
    expect(g.failed('s', 'c2', forbidden())).toBe(true);
    expect(g.failed('s', 'c3', forbidden())).toBe(false);
    g.succeeded('s');
    expect(g.failed('s', 'c3', forbidden())).toBe(false);
    expect(g.failed('s', undefined, forbidden())).toBe(false);
    const never = [
      new VigieError('ERR_FETCH_RATE_LIMITED', '429', { retriable: true, details: { status: 429 } }),
      new VigieError('ERR_MASTODON_AUTH', '403', { details: { status: 403 } }),
      new VigieError('ERR_FETCH_HTTP', '503', { retriable: true, details: { status: 503 } }),
      new VigieError('ERR_FETCH_HTTP', '401', { details: { status: 401 } }),
    ];
    for (const e of never) expect(isCursorRefusal(e)).toBe(false);
    expect(isCursorRefusal(new VigieError('ERR_CONNECTOR_SCHEMA', 'x', { details: { cursorRefused: true } }))).toBe(true);
  });
});
