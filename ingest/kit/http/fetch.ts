import http from 'node:http';
import https from 'node:https';
import dns from 'node:dns';
import zlib from 'node:zlib';
import { isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { VigieError } from '../../../core/errors.ts';
import { clampTimerMs } from '../../../core/duration.ts';
import { redactUrl } from '../../../core/redact.ts';
import { isPrivateAddress } from './ip-guard.ts';

/** Default limits of every connector HTTP call; sources may override them in config. */
export const FETCH_DEFAULTS = {
  timeoutMs: 30_000,
  readTimeoutMs: 15_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: 'Vigie/0.1 (+https://github.com/vigie-listening/vigie; social listening)',
} as const;

export interface SafeFetchOptions {
  method?: 'GET' | 'HEAD' | 'POST';
  /** Request body (POST only, e.g. an OAuth token request); never logged. */
  body?: string;
  /**
   * Return 4xx/5xx answers with their (capped) body instead of throwing, so that a caller can
   * read the platform's own error document (quota, throttle); it then throws `httpError` itself.
   */
  returnErrors?: boolean;
  /** Total time for the whole exchange, redirects included. */
  timeoutMs?: number;
  /** Longest silence allowed between two chunks of the body (slow-loris guard). */
  readTimeoutMs?: number;
  /** Largest body accepted, counted after decompression (gzip bombs stop here). */
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
  /**
   * The caller's own headers (API keys, Authorization, Cookie...). They may carry credentials,
   * so they go only to `credentialOrigins`: on a redirect or a next page elsewhere they are dropped.
   */
  headers?: Record<string, string>;
  /**
   * Origins (scheme + host + port) allowed to receive `headers` and `body`; default: the origin of
   * the URL asked for. A source widens it only by listing origins in its config (`credentialOrigins`).
   */
  credentialOrigins?: readonly string[];
  accept?: string;
  /** Conditional GET: the ETag and Last-Modified of the previous answer. */
  etag?: string;
  lastModified?: string;
  /** Allow loopback, private and link-local addresses (tests, demo, intranet feeds). */
  allowPrivate?: boolean;
  signal?: AbortSignal;
  /** DNS resolution, injectable for tests; default `dns.lookup` with every address. */
  resolve?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
  /** Address policy, injectable for tests; default `isPrivateAddress`. */
  isPrivate?: (address: string) => boolean;
}

export interface SafeResponse {
  /** URL of the final answer, after redirects. */
  url: string;
  status: number;
  /** 304: the resource did not change since `etag` / `lastModified`; body is empty. */
  notModified: boolean;
  /** Response headers, lower-cased names; multi-valued headers joined with ", ". */
  headers: Record<string, string>;
  /** Decompressed body. */
  body: Buffer;
  etag: string | undefined;
  lastModified: string | undefined;
  contentType: string | undefined;
  /** Every URL redirected from, in order. */
  redirects: string[];
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export { redactUrl };

/**
 * Parses a Retry-After header (delta-seconds or HTTP date) into milliseconds from `now`.
 * Unparseable or past values give undefined.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

async function defaultResolve(hostname: string): Promise<Array<{ address: string; family: number }>> {
  return dns.promises.lookup(hostname, { all: true, verbatim: true });
}

/**
 * Builds the `lookup` hook handed to the socket: it resolves the host, refuses the connection if
 * any address is private, and connects to the very addresses it checked, so a DNS answer cannot
 * change between the check and the connection (rebinding).
 */
export function guardedLookup(opts: SafeFetchOptions, url: string): LookupFunction {
  const resolve = opts.resolve ?? defaultResolve;
  return ((hostname: string, options: { all?: boolean; family?: number }, callback: (...args: unknown[]) => void) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) {
          callback(new VigieError('ERR_FETCH_NETWORK', `cannot resolve ${hostname}`, { retriable: true, details: { url: redactUrl(url) } }));
          return;
        }
        if (!opts.allowPrivate) {
          const isPrivate = opts.isPrivate ?? isPrivateAddress;
          const bad = addresses.find((a) => isPrivate(a.address));
          if (bad) {
            callback(privateError(url, hostname, bad.address));
            return;
          }
        }
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        const list = wanted.length ? wanted : addresses;
        if (options.all) callback(null, list);
        else callback(null, list[0]!.address, list[0]!.family);
      },
      (e: unknown) => callback(new VigieError('ERR_FETCH_NETWORK', `cannot resolve ${hostname}: ${(e as Error).message}`, { retriable: true, cause: e, details: { url: redactUrl(url) } })),
    );
  }) as unknown as LookupFunction;
}

function privateError(url: string, host: string, address: string): VigieError {
  return new VigieError(
    'ERR_FETCH_PRIVATE_ADDRESS',
    `refusing to fetch ${redactUrl(url)}: ${host} resolves to the private or loopback address ${address} (set allowPrivate / --allow-private to permit it)`,
    { details: { url: redactUrl(url), address } },
  );
}

function flattenHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function networkError(e: unknown, url: string): VigieError {
  if (e instanceof VigieError) return e;
  const err = e as NodeJS.ErrnoException;
  return new VigieError('ERR_FETCH_NETWORK', `${redactUrl(url)}: ${err.code ?? ''} ${err.message}`.replace(/\s+/g, ' '), {
    retriable: true,
    cause: e,
    details: { url: redactUrl(url), errno: err.code },
  });
}

/** Wraps the body in a decompressor matching Content-Encoding. */
function decompressor(encoding: string | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  const enc = (encoding ?? '').trim().toLowerCase();
  if (enc === 'gzip' || enc === 'x-gzip') return zlib.createGunzip();
  if (enc === 'deflate') return zlib.createInflate();
  if (enc === 'br') return zlib.createBrotliDecompress();
  return undefined;
}

interface Deadline {
  signal: AbortSignal;
  /** Why the exchange was aborted, once it was. */
  reason(): VigieError | undefined;
  armReadTimer(): void;
  dispose(): void;
}

function makeDeadline(opts: SafeFetchOptions, url: string, timeoutMs: number, readTimeoutMs: number): Deadline {
  const ac = new AbortController();
  let why: VigieError | undefined;
  const abort = (e: VigieError) => {
    if (!why) {
      why = e;
      ac.abort(e);
    }
  };
  const total = setTimeout(
    () => abort(new VigieError('ERR_FETCH_TIMEOUT', `${redactUrl(url)}: no complete answer within ${timeoutMs} ms`, { retriable: true, details: { url: redactUrl(url), timeoutMs } })),
    timeoutMs,
  );
  let idle: NodeJS.Timeout | undefined;
  const onOuterAbort = () => abort(new VigieError('ERR_ABORTED', 'aborted'));
  if (opts.signal?.aborted) onOuterAbort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    signal: ac.signal,
    reason: () => why,
    armReadTimer() {
      if (idle) clearTimeout(idle);
      idle = setTimeout(
        () => abort(new VigieError('ERR_FETCH_TIMEOUT', `${redactUrl(url)}: no data for ${readTimeoutMs} ms`, { retriable: true, details: { url: redactUrl(url), readTimeoutMs } })),
        readTimeoutMs,
      );
    },
    dispose() {
      clearTimeout(total);
      if (idle) clearTimeout(idle);
      opts.signal?.removeEventListener('abort', onOuterAbort);
    },
  };
}

function request(url: URL, opts: SafeFetchOptions, headers: Record<string, string>, deadline: Deadline): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(url, {
      method: opts.method ?? 'GET',
      headers,
      lookup: guardedLookup(opts, url.toString()),
      signal: deadline.signal,
      // No connection reuse: each poll is independent and a pooled socket would skip the address check.
      agent: false,
    });
    req.on('response', resolve);
    req.on('error', (e) => reject(deadline.reason() ?? networkError(e, url.toString())));
    deadline.armReadTimer();
    req.end(opts.body);
  });
}

/** Reads a (possibly compressed) body, enforcing the byte cap on both sides of decompression. */
function readBody(res: http.IncomingMessage, url: string, maxBytes: number, deadline: Deadline): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () =>
      new VigieError('ERR_FETCH_TOO_LARGE', `${redactUrl(url)}: body larger than ${maxBytes} bytes`, { details: { url: redactUrl(url), maxBytes } });
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.destroy();
      reject(tooLarge());
      return;
    }
    const unzip = decompressor(res.headers['content-encoding']);
    const stream: Readable = unzip ? res.pipe(unzip) : res;
    const chunks: Buffer[] = [];
    let raw = 0;
    let size = 0;
    let settled = false;
    const fail = (e: VigieError) => {
      if (settled) return;
      settled = true;
      res.destroy();
      unzip?.destroy();
      reject(e);
    };
    res.on('data', (c: Buffer) => {
      deadline.armReadTimer();
      raw += c.length;
      if (raw > maxBytes) fail(tooLarge());
    });
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) fail(tooLarge());
      else chunks.push(c);
    });
    stream.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, size));
    });
    const onError = (e: Error) => {
      const why = deadline.reason();
      if (why) return fail(why);
      if (unzip && (e as NodeJS.ErrnoException).code?.startsWith('Z_')) {
        return fail(new VigieError('ERR_FETCH_DECOMPRESS', `${redactUrl(url)}: cannot decompress ${res.headers['content-encoding']} body: ${e.message}`, { cause: e, details: { url: redactUrl(url) } }));
      }
      fail(networkError(e, url));
    };
    res.on('error', onError);
    res.on('aborted', () => onError(new Error('connection closed before the body was complete')));
    unzip?.on('error', onError);
    deadline.signal.addEventListener('abort', () => fail(deadline.reason() ?? new VigieError('ERR_ABORTED', 'aborted')), { once: true });
  });
}

/** The VigieError of a non-2xx answer: 429 → ERR_FETCH_RATE_LIMITED, 5xx/408 retriable, others not. */
export function httpError(status: number, url: string, headers: Record<string, string>): VigieError {
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  const details = { url: redactUrl(url), status };
  if (status === 429) {
    return new VigieError('ERR_FETCH_RATE_LIMITED', `${redactUrl(url)}: HTTP 429 Too Many Requests${retryAfterMs !== undefined ? ` (retry after ${retryAfterMs} ms)` : ''}`, { retriable: true, retryAfterMs, details });
  }
  const retriable = status >= 500 || status === 408;
  return new VigieError('ERR_FETCH_HTTP', `${redactUrl(url)}: HTTP ${status}${http.STATUS_CODES[status] ? ` ${http.STATUS_CODES[status]}` : ''}`, {
    retriable,
    retryAfterMs: retriable ? retryAfterMs : undefined,
    details,
  });
}

function parseHttpUrl(raw: string, base?: string): URL {
  let u: URL;
  try {
    u = base === undefined ? new URL(raw) : new URL(raw, base);
  } catch (e) {
    throw new VigieError('ERR_FETCH_URL', `not a valid URL: ${JSON.stringify(redactUrl(raw))}`, { cause: e });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new VigieError('ERR_FETCH_URL', `only http(s) URLs can be fetched, got ${JSON.stringify(u.protocol)} in ${redactUrl(u.toString())}`);
  }
  return u;
}

/**
 * Fetches one URL for a connector, safely: total and per-read timeouts, a byte cap after
 * decompression, manual redirects with loop detection, conditional GET, and a guard against
 * private addresses. Every failure is a VigieError whose `retriable` flag says if trying again
 * later may help (timeouts, network errors, 5xx, 429 with `retryAfterMs`).
 */
export async function safeFetch(rawUrl: string, opts: SafeFetchOptions = {}): Promise<SafeResponse> {
  const timeoutMs = clampTimerMs(opts.timeoutMs ?? FETCH_DEFAULTS.timeoutMs);
  const readTimeoutMs = Math.min(clampTimerMs(opts.readTimeoutMs ?? FETCH_DEFAULTS.readTimeoutMs), timeoutMs);
  const maxBytes = opts.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const maxRedirects = opts.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  let url = parseHttpUrl(rawUrl);
  const callerHeaders = lowerKeys(opts.headers ?? {});
  const credentialOrigins = new Set(opts.credentialOrigins ?? [url.origin]);
  let method = opts.method ?? 'GET';
  let body = opts.body;
  const deadline = makeDeadline(opts, url.toString(), timeoutMs, readTimeoutMs);
  const redirects: string[] = [];
  const visited = new Set<string>();
  try {
    for (;;) {
      visited.add(url.toString());
      const host = url.hostname.replace(/^\[|\]$/g, '');
      // IP literals never go through the lookup hook, so they are checked here.
      if (!opts.allowPrivate && isIP(host) && (opts.isPrivate ?? isPrivateAddress)(host)) throw privateError(url.toString(), host, host);
      const headers: Record<string, string> = {
        'user-agent': opts.userAgent ?? FETCH_DEFAULTS.userAgent,
        accept: opts.accept ?? '*/*',
        'accept-encoding': 'gzip, deflate, br',
      };
      // Conditional headers only make sense for the URL they were obtained from, but a permanent
      // redirect keeps the same resource, so they are sent on every hop.
      if (opts.etag) headers['if-none-match'] = opts.etag;
      if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
      const trusted = credentialOrigins.has(url.origin);
      // The caller's headers may hold credentials under any name (Api-Key, X-Api-Key, Private-Token,
      // Cookie...): they go to the trusted origins only, whatever the hop. The origin compares
      // scheme and port too, so an https -> http redirect on the same host loses them as well.
      if (trusted) Object.assign(headers, callerHeaders);
      if (body !== undefined && !trusted) {
        throw new VigieError('ERR_FETCH_REDIRECT', `${redactUrl(rawUrl)}: redirected to another origin (${url.origin}) with a request body, which may hold credentials: not followed`, {
          details: { url: redactUrl(rawUrl), to: url.origin },
        });
      }
      const res = await request(url, { ...opts, method, body }, headers, deadline);
      const status = res.statusCode ?? 0;
      const resHeaders = flattenHeaders(res.headers);
      if (REDIRECTS.has(status)) {
        res.destroy();
        const location = resHeaders.location;
        if (!location) throw new VigieError('ERR_FETCH_REDIRECT', `${redactUrl(url.toString())}: HTTP ${status} without a Location header`, { details: { url: redactUrl(url.toString()), status } });
        const next = parseHttpUrl(location, url.toString());
        redirects.push(url.toString());
        if (visited.has(next.toString())) {
          throw new VigieError('ERR_FETCH_REDIRECT', `redirect loop: ${[...redirects, next.toString()].map(redactUrl).join(' -> ')}`, { details: { url: redactUrl(rawUrl), hops: redirects.length } });
        }
        if (redirects.length > maxRedirects) {
          throw new VigieError('ERR_FETCH_REDIRECT', `${redactUrl(rawUrl)}: more than ${maxRedirects} redirects`, { details: { url: redactUrl(rawUrl), hops: redirects.length } });
        }
        // 301/302/303 turn a POST into a GET without its body (as browsers do); 307/308 keep both.
        if (method === 'POST' && (status === 301 || status === 302 || status === 303)) {
          method = 'GET';
          body = undefined;
        }
        url = next;
        continue;
      }
      const base = {
        url: url.toString(),
        status,
        headers: resHeaders,
        etag: resHeaders.etag,
        lastModified: resHeaders['last-modified'],
        contentType: resHeaders['content-type'],
        redirects,
      };
      if (status === 304) {
        res.destroy();
        return { ...base, notModified: true, body: Buffer.alloc(0) };
      }
      if ((status < 200 || status >= 300) && !opts.returnErrors) {
        res.destroy();
        throw httpError(status, url.toString(), resHeaders);
      }
      const content = method === 'HEAD' ? Buffer.alloc(0) : await readBody(res, url.toString(), maxBytes, deadline);
      return { ...base, notModified: false, body: content };
    }
  } catch (e) {
    throw deadline.reason() ?? e;
  } finally {
    deadline.dispose();
  }
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}
