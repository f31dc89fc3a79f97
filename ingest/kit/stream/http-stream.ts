import http from 'node:http';
import https from 'node:https';
import { VigieError } from '../../../core/errors.ts';
import { FETCH_DEFAULTS, guardedLookup, httpError, redactUrl } from '../http/fetch.ts';
import type { ErrorClassifier } from '../http/json.ts';

export interface HttpStreamOptions {
  headers?: Record<string, string>;
  accept?: string;
  userAgent?: string;
  /** Longest wait for the response headers. Default 30 s. */
  connectTimeoutMs?: number;
  /** Allow loopback and private addresses (self-hosted instances, tests). */
  allowPrivate?: boolean;
  /** Turns the platform's error document into a precise error (see fetchJson). */
  classifyError?: ErrorClassifier;
  signal: AbortSignal;
}

/** Largest error body read to classify a refused stream. */
const ERROR_BODY_BYTES = 64 * 1024;

/**
 * Opens a long-lived HTTP GET (SSE, newline-delimited JSON) with the private-address guard of
 * safeFetch, and returns the response once a 2xx arrived. Unlike safeFetch it has no total
 * timeout and no size cap: the body never ends. Silence is the runner's job (silenceTimeout).
 * A non-2xx answer is read (capped) and thrown as the usual VigieError (429 with Retry-After...).
 */
export async function openHttpStream(rawUrl: string, opts: HttpStreamOptions): Promise<http.IncomingMessage> {
  const url = new URL(rawUrl);
  const safe = redactUrl(rawUrl);
  if (opts.signal.aborted) throw new VigieError('ERR_ABORTED', 'aborted');
  const connectTimeoutMs = opts.connectTimeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(url, {
      method: 'GET',
      headers: { 'user-agent': opts.userAgent ?? FETCH_DEFAULTS.userAgent, accept: opts.accept ?? '*/*', ...(opts.headers ?? {}) },
      lookup: guardedLookup({ allowPrivate: opts.allowPrivate }, rawUrl),
      signal: opts.signal,
      agent: false,
    });
    const timer = setTimeout(() => req.destroy(new VigieError('ERR_FETCH_TIMEOUT', `${safe}: no answer within ${connectTimeoutMs} ms`, { retriable: true, details: { url: safe } })), connectTimeoutMs);
    req.on('response', (r) => {
      clearTimeout(timer);
      resolve(r);
    });
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(streamError(e, safe, opts.signal));
    });
    req.end();
  });
  const status = res.statusCode ?? 0;
  if (status >= 200 && status < 300) return res;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const body = await readCapped(res, ERROR_BODY_BYTES).catch(() => '');
  let doc: unknown;
  try {
    doc = body ? JSON.parse(body) : undefined;
  } catch {
    doc = undefined;
  }
  throw opts.classifyError?.(status, doc, headers, rawUrl) ?? httpError(status, rawUrl, headers);
}

function readCapped(res: http.IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      if (size < max) chunks.push(c.subarray(0, max - size));
      size += c.length;
      if (size >= max) res.destroy();
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

/** Maps a socket error to a VigieError: aborted by us, refused by the guard, or a network failure. */
export function streamError(e: unknown, safeUrl: string, signal: AbortSignal): VigieError {
  if (e instanceof VigieError) return e;
  if (signal.aborted) return new VigieError('ERR_ABORTED', 'aborted', { cause: e });
  const err = e as NodeJS.ErrnoException;
  return new VigieError('ERR_STREAM_DISCONNECTED', `${safeUrl}: stream connection failed: ${err.code ?? ''} ${err.message}`.replace(/\s+/g, ' '), {
    retriable: true,
    cause: e,
    details: { url: safeUrl, errno: err.code },
  });
}

/**
 * Reads a response body as text lines (`\n` or `\r\n`), for SSE and newline-delimited JSON.
 * A line longer than `maxLineBytes` fails the stream rather than growing memory without bound.
 */
export async function* readLines(res: AsyncIterable<Buffer | string>, safeUrl: string, signal: AbortSignal, maxLineBytes = 4 * 1024 * 1024): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  try {
    for await (const chunk of res) {
      pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        yield line.endsWith('\r') ? line.slice(0, -1) : line;
      }
      if (pending.length > maxLineBytes) {
        throw new VigieError('ERR_STREAM_TOO_LARGE', `${safeUrl}: one stream message is larger than ${maxLineBytes} bytes`, { retriable: true, details: { url: safeUrl, maxLineBytes } });
      }
    }
  } catch (e) {
    throw streamError(e, safeUrl, signal);
  }
  if (signal.aborted) throw new VigieError('ERR_ABORTED', 'aborted');
}

/** One server-sent event; comments (`:thump`) come through as `{ comment }` keep-alives. */
export type SseMessage = { event: string; data: string; id?: string } | { comment: string };

/** Parses Server-Sent Events (WHATWG HTML §9.2) from text lines. */
export async function* readSse(lines: AsyncIterable<string>): AsyncGenerator<SseMessage> {
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  for await (const line of lines) {
    if (line === '') {
      if (data.length) yield { event: event || 'message', data: data.join('\n'), ...(id !== undefined ? { id } : {}) };
      event = '';
      data = [];
      continue;
    }
    if (line.startsWith(':')) {
      yield { comment: line.slice(1).trim() };
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  }
}
