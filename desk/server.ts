import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Clock } from '../core/clock.ts';
import { VigieError, isVigieError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { deskLocale, deskPage } from './page.ts';
import type { Desk, DeskAction } from './queue.ts';

export interface DeskServerOptions {
  desk: Desk;
  host: string;
  port: number;
  /** Required unless `host` is a loopback address. */
  token?: string | undefined;
  clock: Clock;
  logger: Logger;
  /** How often the page polls the queue (default 3 s). */
  pollMs?: number;
  /** Oldest mention shown (default 7 days). */
  maxAgeMs?: number;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function tokenOf(req: IncomingMessage, url: URL): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  const cookie = /(?:^|;\s*)vigie_desk=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  return cookie ? decodeURIComponent(cookie) : (url.searchParams.get('token') ?? undefined);
}

async function readBody(req: IncomingMessage, max = 4096): Promise<unknown> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > max) throw new VigieError('ERR_USAGE', 'request body too large');
  }
  try {
    return JSON.parse(body);
  } catch {
    throw new VigieError('ERR_USAGE', 'request body must be JSON');
  }
}

function parseAction(v: unknown): DeskAction {
  const o = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  if (o.action === 'handled' || o.action === 'reopen') return { action: o.action };
  if (o.action === 'snooze') return { action: 'snooze', minutes: Number(o.minutes ?? 60) };
  if (o.action === 'assign' && typeof o.assignee === 'string') return { action: 'assign', assignee: o.assignee };
  throw new VigieError('ERR_USAGE', 'action must be handled, snooze (minutes), assign (assignee) or reopen');
}

/**
 * Serves the desk: the page (`/`), the queue (`GET /api/queue`: `{items, untracked}`) and the actions
 * (`POST /api/items/<id>` with `{action}`). Loopback by default; any other address needs a
 * token (Bearer header, or `?token=` once, kept in an HttpOnly cookie). Actions need the
 * `x-vigie-desk` header, which another site's page cannot send without CORS: no cross-site posts.
 */
export async function startDeskServer(o: DeskServerOptions): Promise<Server> {
  if (!isLoopback(o.host) && !o.token) {
    throw new VigieError('ERR_DESK_TOKEN_REQUIRED', `the desk listens on ${o.host}, beyond loopback: set a token (--token-env VAR) or bind 127.0.0.1`);
  }
  const log = o.logger.child({ component: 'desk' });
  const send = (res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', ...headers }).end(body);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://desk');
    try {
      if (o.token) {
        const given = tokenOf(req, url);
        if (!given || !sameSecret(given, o.token)) return send(res, 401, 'text/plain; charset=utf-8', 'token required\n');
      }
      if (req.method === 'GET' && url.pathname === '/') {
        const nonce = randomBytes(16).toString('base64');
        const headers: Record<string, string> = {
          'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        };
        if (o.token && url.searchParams.get('token')) headers['set-cookie'] = `vigie_desk=${encodeURIComponent(o.token)}; HttpOnly; SameSite=Strict; Path=/`;
        return send(res, 200, 'text/html; charset=utf-8', deskPage(deskLocale(url.searchParams.get('lang'), req.headers['accept-language']), o.pollMs ?? 3000, nonce), headers);
      }
      if (req.method === 'GET' && url.pathname === '/api/queue') {
        const queue = await o.desk.queue({ now: o.clock.now(), ...(o.maxAgeMs ? { maxAgeMs: o.maxAgeMs } : {}) });
        return send(res, 200, 'application/json', JSON.stringify(queue));
      }
      const m = /^\/api\/items\/(.+)$/.exec(url.pathname);
      if (req.method === 'POST' && m) {
        if (req.headers['x-vigie-desk'] !== '1') return send(res, 403, 'text/plain; charset=utf-8', 'missing x-vigie-desk header\n');
        const state = await o.desk.act(decodeURIComponent(m[1]!), parseAction(await readBody(req)), o.clock.now());
        log.info({ mentionId: state.mentionId, state: state.state, assigned: Boolean(state.assignee) }, 'desk action');
        return send(res, 200, 'application/json', JSON.stringify(state));
      }
      return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    } catch (e) {
      const usage = isVigieError(e) && e.code === 'ERR_USAGE';
      if (!usage) log.warn({ code: isVigieError(e) ? e.code : 'ERR_INTERNAL', err: (e as Error).message }, 'desk request failed');
      return send(res, usage ? 400 : 503, 'text/plain; charset=utf-8', `${(e as Error).message}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const addr = server.address();
  log.info({ address: typeof addr === 'object' && addr ? `${addr.address}:${addr.port}` : addr }, 'desk listening');
  return server;
}
