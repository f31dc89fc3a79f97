import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esAnswers, esAuthHeader, renderEsConfig } from './elasticsearch.ts';
import { freePorts } from './process.ts';

describe('renderEsConfig', () => {
  const base = { httpPort: 29200, transportPort: 29300, data: '/s/es/data', logs: '/s/es/logs' };
  it('is a loopback single node without security by default', () => {
    const y = renderEsConfig({ ...base, security: false });
    expect(y).toContain('network.host: 127.0.0.1\nhttp.port: 29200\ntransport.port: 29300\ndiscovery.type: single-node');
    expect(y).toContain('xpack.security.enabled: false');
    expect(y).not.toContain('ssl');
  });
  it('turns on basic auth without TLS when asked', () => {
    const y = renderEsConfig({ ...base, security: true });
    expect(y).toContain('xpack.security.enabled: true\nxpack.security.http.ssl.enabled: false\nxpack.security.transport.ssl.enabled: false');
  });
});

describe('esAnswers', () => {
  let server: Server;
  let url: string;
  const replies: Record<string, [number, string]> = {};
  beforeAll(async () => {
    server = createServer((req, res) => {
      const [status, body] = replies[req.headers.authorization ?? 'none'] ?? [500, ''];
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    url = `http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('is ok on yellow or green, not on red or an HTTP error', async () => {
    replies.none = [200, '{"status":"yellow"}'];
    expect(await esAnswers(url, undefined)).toEqual({ ok: true });
    replies.none = [200, '{"status":"red"}'];
    expect(await esAnswers(url, undefined)).toEqual({ ok: false, reason: 'cluster status red' });
    replies.none = [503, '{}'];
    expect(await esAnswers(url, undefined)).toEqual({ ok: false, reason: 'HTTP 503' });
  });

  it('sends basic auth and explains a 401', async () => {
    replies[esAuthHeader('s3cret-pw').authorization!] = [200, '{"status":"green"}'];
    replies.none = [401, '{}'];
    expect(await esAnswers(url, 's3cret-pw')).toEqual({ ok: true });
    expect(await esAnswers(url, undefined)).toEqual({ ok: false, reason: 'HTTP 401: security is on, the elastic password is missing or wrong' });
  });

  it('reports a refused connection', async () => {
    const [port] = await freePorts(1);
    const r = await esAnswers(`http://127.0.0.1:${port}`, undefined);
    expect(r.ok).toBe(false);
    expect(r.ok === false && r.reason).toMatch(/ECONNREFUSED/);
  });
});
