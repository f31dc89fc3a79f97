import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../core/contracts.ts';
import { VigieError } from '../../../core/errors.ts';
import { startFeedServer, type FeedServer } from '../testing/feed-server.ts';

/** How one connector is set up for the shared bad-answer tests. */
export interface BadAnswerSetup {
  /** Path (without query) of the first API call of a poll with no cursor. */
  path: string;
  /** A connector whose API base URL is `base`, with config overrides (`timeout`, `maxBytes`). */
  make(base: string, over?: Record<string, unknown>): Connector;
  /** A 200 answer whose wrapper field was renamed: the connector must say the API changed. */
  renamedWrapper: string;
  /** A valid answer larger than 64 KiB (used against a 16 KiB cap). */
  hugeBody: string;
  /** Other routes the poll needs before reaching `path` (token endpoints, lookups). */
  routes?: Record<string, string>;
}

/** Polls once and returns the VigieError it failed with. */
export async function pollError(c: Connector, cursor?: string): Promise<VigieError> {
  try {
    await c.poll(cursor, new AbortController().signal);
  } catch (e) {
    expect(e).toBeInstanceOf(VigieError);
    return e as VigieError;
  }
  throw new Error('expected the poll to fail');
}

/**
 * The bad answers every API connector must survive with a clear, correctly classified error:
 * 429 with Retry-After, 5xx, truncated JSON, an HTML page, a renamed wrapper field, an
 * enormous payload and a slow answer. Each answer is served by a local HTTP server.
 */
export function describeBadAnswers(kind: string, setup: BadAnswerSetup): void {
  describe(`${kind}: bad answers get a clear error, never a crash`, () => {
    let srv: FeedServer;
    const json = { 'content-type': 'application/json; charset=utf-8' };
    beforeAll(async () => {
      srv = await startFeedServer();
      for (const [p, body] of Object.entries(setup.routes ?? {})) srv.route(p, { headers: json, body });
    });
    afterAll(() => srv.close());
    const make = (over: Record<string, unknown> = {}) => setup.make(srv.base, { timeout: '2s', ...over });

    it('429 with Retry-After → ERR_FETCH_RATE_LIMITED, retriable, with the wait', async () => {
      srv.route(setup.path, { status: 429, headers: { ...json, 'retry-after': '120' }, body: '{"error":"too many requests"}' });
      const e = await pollError(make());
      expect(e).toMatchObject({ code: 'ERR_FETCH_RATE_LIMITED', retriable: true, retryAfterMs: 120_000 });
    });

    it('503 → ERR_FETCH_HTTP, retriable', async () => {
      srv.route(setup.path, { status: 503, headers: { 'content-type': 'text/html' }, body: '<html><body>Service Unavailable</body></html>' });
      const e = await pollError(make());
      expect(e).toMatchObject({ code: 'ERR_FETCH_HTTP', retriable: true });
      expect(e.details).toMatchObject({ status: 503 });
    });

    it('truncated JSON → ERR_FETCH_BAD_JSON, retriable', async () => {
      srv.route(setup.path, { headers: json, body: setup.hugeBody.slice(0, 300) });
      const e = await pollError(make());
      expect(e).toMatchObject({ code: 'ERR_FETCH_BAD_JSON', retriable: true });
      expect(e.message).toMatch(/invalid JSON/);
    });

    it('an HTML page with status 200 → ERR_FETCH_NOT_JSON', async () => {
      srv.route(setup.path, { headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>' });
      const e = await pollError(make());
      expect(e.code).toBe('ERR_FETCH_NOT_JSON');
      expect(e.message).toMatch(/HTML page/);
    });

    it('a renamed wrapper field → ERR_CONNECTOR_SCHEMA, not retriable', async () => {
      srv.route(setup.path, { headers: json, body: setup.renamedWrapper });
      const e = await pollError(make());
      expect(e).toMatchObject({ code: 'ERR_CONNECTOR_SCHEMA', retriable: false });
      expect(e.message).toMatch(/did the API change/);
    });

    it('an enormous answer stops at the size cap → ERR_FETCH_TOO_LARGE', async () => {
      expect(setup.hugeBody.length).toBeGreaterThan(64 * 1024);
      srv.route(setup.path, { headers: json, body: setup.hugeBody });
      const e = await pollError(make({ maxBytes: 16 * 1024 }));
      expect(e.code).toBe('ERR_FETCH_TOO_LARGE');
    });

    it('a slow answer → ERR_FETCH_TIMEOUT, retriable', async () => {
      srv.route(setup.path, (_req, res) => {
        setTimeout(() => res.writeHead(200, json).end(setup.hugeBody), 3000).unref();
      });
      const e = await pollError(make({ timeout: '300ms' }));
      expect(e).toMatchObject({ code: 'ERR_FETCH_TIMEOUT', retriable: true });
    });

    it('a 401 is not retriable', async () => {
      srv.route(setup.path, { status: 401, headers: json, body: '{"error":"unauthorized"}' });
      const e = await pollError(make());
      expect(e.retriable).toBe(false);
      expect(e.details).toMatchObject({ status: 401 });
    });
  });
}
