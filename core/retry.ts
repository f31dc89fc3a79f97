import { clampTimerMs } from './duration.ts';
import { VigieError, isVigieError } from './errors.ts';

export interface RetryOptions {
  /** Attempts after the first one; Infinity retries until the deadline or the signal. */
  retries?: number;
  baseMs?: number;
  maxMs?: number;
  /** Absolute time (ms since epoch) after which no new attempt starts. */
  deadline?: number;
  signal?: AbortSignal;
  /** Decides if an error is worth another attempt; default: VigieError.retriable. */
  isRetriable?: (e: unknown) => boolean;
  onRetry?: (e: unknown, attempt: number, delayMs: number) => void;
  /** Injected for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/**
 * Sleeps `ms` (clamped to what a timer can hold: a longer wait would overflow to 1 ms and spin),
 * rejecting with ERR_ABORTED as soon as the signal aborts.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new VigieError('ERR_ABORTED', 'aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, clampTimerMs(ms));
    const onAbort = () => {
      clearTimeout(t);
      reject(new VigieError('ERR_ABORTED', 'aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Full-jitter exponential backoff, capped; the server's Retry-After wins when it is longer. The
 * result always fits a timer (a huge attempt count or Retry-After cannot overflow it).
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number, retryAfterMs?: number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 60));
  const jittered = Math.round(exp / 2 + (random() * exp) / 2);
  return clampTimerMs(retryAfterMs !== undefined && retryAfterMs > jittered ? retryAfterMs : jittered);
}

/**
 * The one retry helper. Programming errors (anything not marked retriable) are never retried.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const retries = opts.retries ?? 5;
  const baseMs = opts.baseMs ?? 200;
  const maxMs = opts.maxMs ?? 30_000;
  const isRetriable = opts.isRetriable ?? ((e: unknown) => isVigieError(e) && e.retriable);
  const doSleep = opts.sleep ?? sleep;
  const random = opts.random ?? Math.random;
  const now = opts.now ?? Date.now;
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) throw new VigieError('ERR_ABORTED', 'aborted');
    try {
      return await fn(attempt);
    } catch (e) {
      if (!isRetriable(e) || attempt >= retries || opts.signal?.aborted) throw e;
      const retryAfter = isVigieError(e) ? e.retryAfterMs : undefined;
      const delay = backoffDelay(attempt, baseMs, maxMs, random, retryAfter);
      if (opts.deadline !== undefined && now() + delay > opts.deadline) throw e;
      opts.onRetry?.(e, attempt + 1, delay);
      await doSleep(delay, opts.signal);
    }
  }
}
