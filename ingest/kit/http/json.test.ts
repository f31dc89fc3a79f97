import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VigieError } from '../../../core/errors.ts';
import { startFeedServer, type FeedServer } from '../testing/feed-server.ts';
import { redactUrl } from './fetch.ts';
import { fetchJson } from './json.ts';

let srv: FeedServer;
beforeAll(async () => {
  srv = await startFeedServer({
    '/ok': { headers: { 'content-type': 'application/json' }, body: '\uFEFF{"a":[1,2]}' },
    '/throttle': { status: 400, headers: { 'content-type': 'application/json' }, body: '{"error_id":502,"error_name":"throttle_violation"}' },
    '/teapot': { status: 418, body: 'short and stout' },
    '/xml': { headers: { 'content-type': 'application/xml' }, body: '<?xml version="1.0"?><error/>' },
    '/empty': { headers: { 'content-type': 'application/json' }, body: '' },
  });
  srv.route('/echo', (req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, body })));
  });
});
afterAll(() => srv.close());

const opts = { allowPrivate: true, timeoutMs: 2000 };

describe('fetchJson', () => {
  it('parses JSON (a BOM included) and asks for JSON', async () => {
    const r = await fetchJson(srv.url('/ok'), opts);
    expect(r.data).toEqual({ a: [1, 2] });
    expect(srv.requests.at(-1)!.headers.accept).toBe('application/json');
  });

  it('posts a body', async () => {
    const r = await fetchJson(srv.url('/echo'), { ...opts, method: 'POST', body: 'grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.data).toEqual({ method: 'POST', body: 'grant_type=client_credentials' });
  });

  it('hands the error document to the classifier, and falls back to the HTTP classification', async () => {
    const e = await fetchJson(srv.url('/throttle'), {
      ...opts,
      classifyError: (status, body) => ((body as { error_name?: string }).error_name === 'throttle_violation' ? new VigieError('ERR_FETCH_RATE_LIMITED', `throttled (${status})`, { retriable: true }) : undefined),
    }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'ERR_FETCH_RATE_LIMITED', message: 'throttled (400)' });
    const teapot = await fetchJson(srv.url('/teapot'), { ...opts, classifyError: () => undefined }).catch((x: unknown) => x);
    expect(teapot).toMatchObject({ code: 'ERR_FETCH_HTTP', retriable: false, details: { status: 418 } });
  });

  it('says when the answer is markup or empty', async () => {
    expect(await fetchJson(srv.url('/xml'), opts).catch((x: unknown) => x)).toMatchObject({ code: 'ERR_FETCH_NOT_JSON' });
    expect(await fetchJson(srv.url('/empty'), opts).catch((x: unknown) => x)).toMatchObject({ code: 'ERR_FETCH_BAD_JSON', message: expect.stringMatching(/empty/) });
  });
});

describe('redactUrl', () => {
  it('hides API keys and tokens passed in the query', () => {
    expect(redactUrl('https://www.googleapis.com/youtube/v3/search?part=snippet&key=AIzaSECRET&q=brio')).toBe('https://www.googleapis.com/youtube/v3/search?part=snippet&key=redacted&q=brio');
    expect(redactUrl('https://graph.facebook.com/v21.0/me?access_token=EAAB&fields=id')).not.toContain('EAAB');
  });
});
