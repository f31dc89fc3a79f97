import { createServer, type Server } from 'node:http';
import type { Logger } from '../core/logger.ts';
import type { Metrics } from '../core/metrics.ts';

export interface StatusChecks {
  /** Alive: the process answers and its loops are not wedged. */
  live(): { ok: boolean; details?: unknown };
  /** Ready: every stage started and its services answer. */
  ready(): Promise<{ ok: boolean; details?: unknown }>;
}

/**
 * Serves `/metrics` (Prometheus text), `/healthz` and `/readyz` (JSON, 200 or 503) on loopback
 * or the configured address, for every `vigie` process.
 */
export async function startStatusServer(o: { port: number; host?: string; metrics: Metrics; checks: StatusChecks; logger: Logger }): Promise<Server> {
  const server = createServer(async (req, res) => {
    try {
      if (req.url === '/metrics') {
        const body = await o.metrics.registry.metrics();
        res.writeHead(200, { 'content-type': o.metrics.registry.contentType }).end(body);
      } else if (req.url === '/healthz' || req.url === '/readyz') {
        const r = req.url === '/healthz' ? o.checks.live() : await o.checks.ready();
        res.writeHead(r.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: r.ok ? 'ok' : 'unavailable', ...(r.details ? { details: r.details } : {}) }));
      } else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics, /healthz, /readyz\n');
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`error: ${(e as Error).message}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  o.logger.info({ address: typeof addr === 'object' && addr ? `${addr.address}:${addr.port}` : addr }, 'status server listening');
  return server;
}
