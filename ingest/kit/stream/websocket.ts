import WebSocket from 'ws';
import { VigieError } from '../../../core/errors.ts';
import { FETCH_DEFAULTS, guardedLookup, redactUrl } from '../http/fetch.ts';
import { streamError } from './http-stream.ts';

export interface WebSocketReadOptions {
  signal: AbortSignal;
  allowPrivate?: boolean;
  headers?: Record<string, string>;
  userAgent?: string;
  /** Longest wait for the opening handshake. Default 30 s. */
  connectTimeoutMs?: number;
  /** Largest message accepted; a bigger one fails the connection (ws closes with 1009). */
  maxMessageBytes?: number;
}

/** Messages queued before the socket is paused (TCP then pushes back on the server). */
const HIGH_WATER = 1000;

/**
 * Reads text messages from a WebSocket as an async iterable. Node 20 has no global WebSocket
 * without a flag, and the global one (Node 22) cannot take the `lookup` hook that refuses
 * private addresses, so this uses the `ws` package with safeFetch's guarded lookup. The
 * iteration ends when the server closes the socket normally and throws a VigieError otherwise.
 */
export async function* readWebSocket(rawUrl: string, opts: WebSocketReadOptions): AsyncGenerator<string> {
  const safe = redactUrl(rawUrl);
  if (opts.signal.aborted) throw new VigieError('ERR_ABORTED', 'aborted');
  const ws = new WebSocket(rawUrl, {
    headers: { 'user-agent': opts.userAgent ?? FETCH_DEFAULTS.userAgent, ...(opts.headers ?? {}) },
    handshakeTimeout: opts.connectTimeoutMs ?? FETCH_DEFAULTS.timeoutMs,
    maxPayload: opts.maxMessageBytes ?? 4 * 1024 * 1024,
    lookup: guardedLookup({ allowPrivate: opts.allowPrivate }, rawUrl.replace(/^ws/, 'http')),
    perMessageDeflate: false,
  } as WebSocket.ClientOptions);
  const queue: string[] = [];
  let ended = false;
  let failure: VigieError | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const onAbort = () => {
    failure = new VigieError('ERR_ABORTED', 'aborted');
    ws.terminate();
    notify();
  };
  opts.signal.addEventListener('abort', onAbort, { once: true });
  ws.on('message', (data, isBinary) => {
    queue.push(isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString());
    if (queue.length >= HIGH_WATER) ws.pause();
    notify();
  });
  ws.on('unexpected-response', (_req, res) => {
    failure = new VigieError(res.statusCode === 429 ? 'ERR_FETCH_RATE_LIMITED' : 'ERR_STREAM_REFUSED', `${safe}: WebSocket handshake answered HTTP ${res.statusCode}`, {
      retriable: (res.statusCode ?? 0) >= 500 || res.statusCode === 429,
      details: { url: safe, status: res.statusCode },
    });
    res.resume();
    ws.terminate();
    notify();
  });
  ws.on('error', (e) => {
    failure ??= streamError(e, safe, opts.signal);
    notify();
  });
  ws.on('close', (code, reason) => {
    ended = true;
    if (!failure && code !== 1000) {
      failure = new VigieError('ERR_STREAM_DISCONNECTED', `${safe}: WebSocket closed with code ${code}${reason.length ? ` (${reason.toString('utf8').slice(0, 200)})` : ''}`, {
        retriable: true,
        details: { url: safe, code },
      });
    }
    notify();
  });
  try {
    for (;;) {
      if (queue.length) {
        const m = queue.shift()!;
        if (queue.length < HIGH_WATER / 2 && ws.isPaused) ws.resume();
        yield m;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    opts.signal.removeEventListener('abort', onAbort);
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
  }
}
