import type { Clock } from '../../core/clock.ts';
import { VigieError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { callJson, rateLimited } from '../kit/connector/client.ts';
import type { HttpOptions } from '../kit/connector/config.ts';
import { isObject, optArray, optObject, optString } from '../kit/connector/read.ts';
import { parseRetryAfter, redactUrl } from '../kit/http/fetch.ts';
import type { ErrorClassifier, JsonResponse } from '../kit/http/json.ts';

export interface SessionOptions {
  /** Where the account logs in: its PDS, or the entryway (bsky.social) that routes to it. */
  service: string;
  identifier: string;
  appPassword: string;
  /** `atproto-proxy` value: the DID and service id of the AppView the PDS forwards app.bsky.* calls to. */
  appview: string;
  http: HttpOptions;
  clock: Clock;
  logger: Logger;
}

interface Session {
  did: string;
  /** The account's own PDS (from the DID document of createSession), else the login service. */
  pds: string;
  accessJwt: string;
  refreshJwt: string;
  /** Expiry of the access token (ms), read from its `exp` claim. */
  accessExpMs: number | undefined;
}

/** Refresh the access token this long before it expires. */
const EXPIRY_MARGIN_MS = 60_000;

/** XRPC error documents are `{ "error": "ExpiredToken", "message": "Token has expired" }`. */
function xrpcError(body: unknown): { error?: string; message?: string } {
  return isObject(body) ? { error: optString(body.error), message: optString(body.message) } : {};
}

/** The `exp` claim of a JWT, in ms; undefined when it cannot be read (the server then says when). */
export function jwtExpiryMs(jwt: string): number | undefined {
  const part = jwt.split('.')[1];
  if (!part) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * XRPC answers: an expired or revoked token (`ExpiredToken`, `InvalidToken`: 400 or 401) is
 * marked so the session renews itself and retries once; 429 waits for `ratelimit-reset`; a
 * refused login says how to fix it. Everything else keeps the generic HTTP classification.
 */
export const classifyXrpcError: ErrorClassifier = (status, body, headers, url) => {
  const { error, message } = xrpcError(body);
  const details = { url: redactUrl(url), status, xrpcError: error };
  if (status === 429) {
    const reset = Number(headers['ratelimit-reset']);
    const untilReset = Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : undefined;
    return rateLimited(url, `Bluesky rate limit (HTTP 429${error ? ` ${error}` : ''})`, parseRetryAfter(headers['retry-after']) ?? untilReset, details);
  }
  if ((status === 400 || status === 401) && (error === 'ExpiredToken' || error === 'InvalidToken')) {
    return new VigieError('ERR_BLUESKY_TOKEN', `${redactUrl(url)}: ${error}${message ? ` (${message})` : ''}`, { retriable: true, details: { ...details, renew: true } });
  }
  if (status === 401 && /createSession$/.test(new URL(url).pathname)) {
    const why = error === 'AuthFactorTokenRequired' ? 'the account asks for an email code: log in with an app password, which needs none' : 'check identifier and appPassword (an app password from Settings → Privacy and security → App passwords)';
    return new VigieError('ERR_CONNECTOR_AUTH', `bluesky: login refused by ${redactUrl(url)}${error ? ` (${error})` : ''}: ${why}`, { details });
  }
  // A 403 stays a plain HTTP error: the AppView's "forbidden by administrative rules" page is
  // about the request (a cursor, a query), which the runner's stuck-cursor guard handles.
  if (status === 401) {
    return new VigieError('ERR_CONNECTOR_AUTH', `${redactUrl(url)}: HTTP ${status}${error ? ` ${error}` : ''}${message ? `: ${message.slice(0, 200)}` : ''}`, { details });
  }
  return undefined;
};

/**
 * A logged-in session on the account's PDS (app password), as Bluesky's "API Hosts and Auth"
 * guide describes: `com.atproto.server.createSession` once, `refreshSession` (with the refresh
 * token) shortly before the access token expires or when a call answers `ExpiredToken`, and a new
 * login when the refresh token is gone too. Bluesky app calls go to the PDS, which forwards them
 * to the AppView named in the `atproto-proxy` header.
 */
export class BlueskySession {
  private session: Session | undefined;

  constructor(private readonly o: SessionOptions) {}

  /** GET an XRPC query through the PDS, renewing the session once if it expired. */
  async query(nsid: string, params: URLSearchParams, signal: AbortSignal): Promise<{ url: string; answer: JsonResponse }> {
    let s = await this.current(signal);
    try {
      return await this.get(s, nsid, params, signal);
    } catch (e) {
      if (!(e instanceof VigieError) || e.details?.renew !== true) throw e;
      this.o.logger.info({ kind: 'bluesky', reason: e.details?.xrpcError }, 'Bluesky session token refused: renewing it');
      s = await this.renew(s, signal);
      return this.get(s, nsid, params, signal);
    }
  }

  private async get(s: Session, nsid: string, params: URLSearchParams, signal: AbortSignal) {
    const url = `${s.pds}/xrpc/${nsid}?${params.toString()}`;
    const answer = await callJson(this.o.http, url, signal, {
      headers: { authorization: `Bearer ${s.accessJwt}`, 'atproto-proxy': this.o.appview },
      classifyError: classifyXrpcError,
    });
    return { url, answer };
  }

  private async current(signal: AbortSignal): Promise<Session> {
    const s = this.session;
    if (!s) return this.login(signal);
    if (s.accessExpMs !== undefined && s.accessExpMs - this.o.clock.now() < EXPIRY_MARGIN_MS) return this.renew(s, signal);
    return s;
  }

  /** refreshSession with the refresh token; a refused refresh token means logging in again. */
  private async renew(s: Session, signal: AbortSignal): Promise<Session> {
    try {
      const { data } = await callJson(this.o.http, `${s.pds}/xrpc/com.atproto.server.refreshSession`, signal, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.refreshJwt}` },
        classifyError: classifyXrpcError,
      });
      return this.keep(data, s.pds, 'refreshSession');
    } catch (e) {
      const refused = e instanceof VigieError && (e.details?.renew === true || e.code === 'ERR_CONNECTOR_AUTH');
      if (!refused) throw e;
      this.session = undefined;
      return this.login(signal);
    }
  }

  private async login(signal: AbortSignal): Promise<Session> {
    const base = this.o.service.replace(/\/+$/, '');
    const { data } = await callJson(this.o.http, `${base}/xrpc/com.atproto.server.createSession`, signal, {
      method: 'POST',
      body: JSON.stringify({ identifier: this.o.identifier, password: this.o.appPassword }),
      headers: { 'content-type': 'application/json' },
      classifyError: classifyXrpcError,
    });
    const s = this.keep(data, pdsOf(data) ?? base, 'createSession');
    this.o.logger.info({ kind: 'bluesky', did: s.did, pds: s.pds }, 'Bluesky session opened');
    return s;
  }

  private keep(data: unknown, pds: string, what: string): Session {
    const d = optObject(data);
    const accessJwt = optString(d?.accessJwt);
    const refreshJwt = optString(d?.refreshJwt);
    const did = optString(d?.did);
    if (!accessJwt || !refreshJwt || !did) throw new VigieError('ERR_CONNECTOR_SCHEMA', `bluesky: ${what} answered without accessJwt, refreshJwt or did (did the API change?)`, { details: { what } });
    this.session = { did, pds, accessJwt, refreshJwt, accessExpMs: jwtExpiryMs(accessJwt) };
    return this.session;
  }
}

/** The `#atproto_pds` service endpoint of the DID document createSession returns, if any. */
function pdsOf(data: unknown): string | undefined {
  const services = optArray(optObject(optObject(data)?.didDoc)?.service) ?? [];
  for (const s of services) {
    const o = optObject(s);
    const endpoint = optString(o?.serviceEndpoint);
    if (optString(o?.id)?.endsWith('#atproto_pds') && endpoint && /^https?:\/\//.test(endpoint)) return endpoint.replace(/\/+$/, '');
  }
  return undefined;
}
