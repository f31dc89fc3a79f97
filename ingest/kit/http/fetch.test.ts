import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VigieError } from '../../../core/errors.ts';
import { startFeedServer, type FeedServer } from '../testing/feed-server.ts';
import { parseRetryAfter, redactUrl, safeFetch } from './fetch.ts';
import { isPrivateAddress } from './ip-guard.ts';

async function failure(p: Promise<unknown>): Promise<VigieError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(VigieError);
    return e as VigieError;
  }
  throw new Error('expected a failure');
}

let srv: FeedServer;
const local = { allowPrivate: true };

beforeAll(async () => {
  srv = await startFeedServer({
    '/ok': { headers: { 'content-type': 'application/rss+xml', etag: '"v1"', 'last-modified': 'Mon, 05 Jan 2026 10:00:00 GMT' }, body: '<rss/>' },
    '/loop-a': { status: 302, headers: { location: '/loop-b' } },
    '/loop-b': { status: 301, headers: { location: '/loop-a' } },
    '/hop1': { status: 301, headers: { location: '/hop2' } },
    '/hop2': { status: 307, headers: { location: '/ok' } },
    '/nolocation': { status: 302 },
    '/forbidden': { status: 403, body: 'no' },
    '/missing': { status: 404 },
    '/boom': { status: 500 },
    '/busy': { status: 503, headers: { 'retry-after': '7' } },
    '/limited': { status: 429, headers: { 'retry-after': '120' } },
    '/big': { body: 'x'.repeat(5000) },
    '/gzip': { headers: { 'content-encoding': 'gzip' }, body: zlib.gzipSync('<rss>é</rss>') },
    '/br': { headers: { 'content-encoding': 'br' }, body: zlib.brotliCompressSync('<feed/>') },
    // 10 MB of zeros compress to ~10 KB: the cap must apply to the decompressed size.
    '/bomb': { headers: { 'content-encoding': 'gzip' }, body: zlib.gzipSync(Buffer.alloc(10_000_000)) },
    '/badgzip': { headers: { 'content-encoding': 'gzip' }, body: 'not gzip at all' },
  });
  srv.route('/conditional', (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') res.writeHead(304).end();
    else res.writeHead(200, { etag: '"v1"' }).end('<rss/>');
  });
  srv.route('/slow-headers', (_req, res) => {
    setTimeout(() => res.writeHead(200).end('<rss/>'), 3000).unref();
  });
  srv.route('/slow-body', (_req, res) => {
    res.writeHead(200);
    res.write('<rss>');
    // Trickles one byte, then nothing: the per-read timeout must fire.
    setTimeout(() => res.write('x'), 50).unref();
  });
  srv.route('/echo-ua', (req, res) => res.writeHead(200).end(String(req.headers['user-agent'])));
  srv.route('/chunked-big', (_req, res) => {
    res.writeHead(200);
    for (let i = 0; i < 100; i++) res.write('y'.repeat(1000));
    res.end();
  });
});
afterAll(() => srv.close());

describe('safeFetch against a local server', () => {
  it('returns the body, validators and content type', async () => {
    const r = await safeFetch(srv.url('/ok'), local);
    expect(r).toMatchObject({ status: 200, notModified: false, etag: '"v1"', lastModified: 'Mon, 05 Jan 2026 10:00:00 GMT', contentType: 'application/rss+xml' });
    expect(r.body.toString()).toBe('<rss/>');
  });

  it('sends the configured User-Agent and extra headers', async () => {
    const r = await safeFetch(srv.url('/echo-ua'), { ...local, userAgent: 'VigieTest/1' });
    expect(r.body.toString()).toBe('VigieTest/1');
  });

  it('does a conditional GET and reports 304 as not modified', async () => {
    const first = await safeFetch(srv.url('/conditional'), local);
    expect(first.notModified).toBe(false);
    const second = await safeFetch(srv.url('/conditional'), { ...local, etag: first.etag });
    expect(second).toMatchObject({ status: 304, notModified: true });
    expect(second.body.length).toBe(0);
  });

  it('follows redirects and records them', async () => {
    const r = await safeFetch(srv.url('/hop1'), local);
    expect(r.url).toBe(srv.url('/ok'));
    expect(r.redirects).toEqual([srv.url('/hop1'), srv.url('/hop2')]);
  });

  it('detects redirect loops and redirect limits', async () => {
    const loop = await failure(safeFetch(srv.url('/loop-a'), local));
    expect(loop.code).toBe('ERR_FETCH_REDIRECT');
    expect(loop.message).toMatch(/redirect loop/);
    const limit = await failure(safeFetch(srv.url('/hop1'), { ...local, maxRedirects: 1 }));
    expect(limit.code).toBe('ERR_FETCH_REDIRECT');
    expect((await failure(safeFetch(srv.url('/nolocation'), local))).code).toBe('ERR_FETCH_REDIRECT');
  });

  it('maps HTTP errors to codes and retriability', async () => {
    const e403 = await failure(safeFetch(srv.url('/forbidden'), local));
    expect(e403).toMatchObject({ code: 'ERR_FETCH_HTTP', retriable: false, details: { status: 403 } });
    const e404 = await failure(safeFetch(srv.url('/missing'), local));
    expect(e404).toMatchObject({ code: 'ERR_FETCH_HTTP', retriable: false, details: { status: 404 } });
    const e500 = await failure(safeFetch(srv.url('/boom'), local));
    expect(e500).toMatchObject({ code: 'ERR_FETCH_HTTP', retriable: true, details: { status: 500 } });
    const e503 = await failure(safeFetch(srv.url('/busy'), local));
    expect(e503).toMatchObject({ code: 'ERR_FETCH_HTTP', retriable: true, retryAfterMs: 7000 });
    const e429 = await failure(safeFetch(srv.url('/limited'), local));
    expect(e429).toMatchObject({ code: 'ERR_FETCH_RATE_LIMITED', retriable: true, retryAfterMs: 120_000 });
  });

  it('caps the size, declared or streamed', async () => {
    expect((await failure(safeFetch(srv.url('/big'), { ...local, maxBytes: 1000 }))).code).toBe('ERR_FETCH_TOO_LARGE');
    expect((await failure(safeFetch(srv.url('/chunked-big'), { ...local, maxBytes: 10_000 }))).code).toBe('ERR_FETCH_TOO_LARGE');
    expect((await safeFetch(srv.url('/big'), { ...local, maxBytes: 5000 })).body.length).toBe(5000);
  });

  it('decompresses gzip and brotli, and stops a gzip bomb at the cap', async () => {
    expect((await safeFetch(srv.url('/gzip'), local)).body.toString()).toBe('<rss>é</rss>');
    expect((await safeFetch(srv.url('/br'), local)).body.toString()).toBe('<feed/>');
    const bomb = await failure(safeFetch(srv.url('/bomb'), { ...local, maxBytes: 1_000_000 }));
    expect(bomb.code).toBe('ERR_FETCH_TOO_LARGE');
    expect((await failure(safeFetch(srv.url('/badgzip'), local))).code).toBe('ERR_FETCH_DECOMPRESS');
  });

  it('times out on slow headers and on a stalled body', async () => {
    const t0 = Date.now();
    const slow = await failure(safeFetch(srv.url('/slow-headers'), { ...local, timeoutMs: 300 }));
    expect(slow).toMatchObject({ code: 'ERR_FETCH_TIMEOUT', retriable: true });
    expect(Date.now() - t0).toBeLessThan(2000);
    const stalled = await failure(safeFetch(srv.url('/slow-body'), { ...local, timeoutMs: 5000, readTimeoutMs: 300 }));
    expect(stalled.code).toBe('ERR_FETCH_TIMEOUT');
    expect(stalled.message).toMatch(/no data for 300 ms/);
  });

  it('gives a retriable network error when nothing listens', async () => {
    const closed = await startFeedServer();
    const url = closed.url('/x');
    await closed.close();
    expect(await failure(safeFetch(url, local))).toMatchObject({ code: 'ERR_FETCH_NETWORK', retriable: true });
  });

  it('aborts when the caller aborts', async () => {
    const ac = new AbortController();
    const p = safeFetch(srv.url('/slow-headers'), { ...local, signal: ac.signal });
    ac.abort();
    expect((await failure(p)).code).toBe('ERR_ABORTED');
  });

  it('refuses non-http URLs', async () => {
    expect((await failure(safeFetch('file:///etc/passwd'))).code).toBe('ERR_FETCH_URL');
    expect((await failure(safeFetch('feed.xml'))).code).toBe('ERR_FETCH_URL');
  });
});

describe('SSRF guard', () => {
  it('refuses loopback without allowPrivate, by IP and by name', async () => {
    expect((await failure(safeFetch(srv.url('/ok')))).code).toBe('ERR_FETCH_PRIVATE_ADDRESS');
    const byName = srv.url('/ok').replace('127.0.0.1', 'localhost');
    expect((await failure(safeFetch(byName))).code).toBe('ERR_FETCH_PRIVATE_ADDRESS');
  });

  it('checks every resolved address, not just the first', async () => {
    const resolve = async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.5', family: 4 }];
    const e = await failure(safeFetch('http://mixed.example/feed', { resolve }));
    expect(e.code).toBe('ERR_FETCH_PRIVATE_ADDRESS');
    expect(e.message).toContain('10.0.0.5');
  });

  it('refuses redirects to a private address', async () => {
    srv.route('/to-private', { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } });
    // The test server stands in for a public host: only the metadata address counts as private here.
    const isPrivate = (a: string) => a === '169.254.169.254';
    const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    expect((await safeFetch(srv.url('/ok').replace('127.0.0.1', 'public.test'), { resolve, isPrivate })).status).toBe(200);
    const e = await failure(safeFetch(srv.url('/to-private').replace('127.0.0.1', 'public.test'), { resolve, isPrivate }));
    expect(e.code).toBe('ERR_FETCH_PRIVATE_ADDRESS');
    expect(e.message).toContain('169.254.169.254');
  });

  it('classifies IPv4, IPv6 and IPv4-mapped addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::10.0.0.1', '2002:c0a8:0101::1', '[::1]', 'not-an-ip']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });
});

describe('helpers', () => {
  it('parses Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('30')).toBe(30_000);
    expect(parseRetryAfter('Mon, 05 Jan 2026 10:01:00 GMT', Date.parse('2026-01-05T10:00:00Z'))).toBe(60_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
  it('redacts credentials in URLs', () => {
    expect(redactUrl('https://user:secret@example.com/feed')).toBe('https://example.com/feed');
  });
});
