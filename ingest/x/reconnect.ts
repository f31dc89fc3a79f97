import type { VigieError } from '../../core/errors.ts';

/**
 * X's reconnection schedule ("Handling disconnections"): reconnect at once after an established
 * connection drops; back off linearly (250 ms steps, up to 16 s) on network errors and silence;
 * exponentially from 5 s (doubling, up to 320 s) on HTTP errors; exponentially from 1 minute
 * (doubling) on 429. A Retry-After or rate-limit reset that says longer wins.
 */
export function xReconnectDelayMs(error: VigieError | undefined, attempt: number): number {
  if (attempt === 0 || error === undefined) return 0;
  const n = attempt - 1;
  const status = typeof error.details?.status === 'number' ? error.details.status : undefined;
  let delay: number;
  if (error.code === 'ERR_FETCH_RATE_LIMITED' || status === 429) delay = 60_000 * 2 ** Math.min(n, 10);
  else if (status !== undefined && status >= 400) delay = Math.min(320_000, 5_000 * 2 ** Math.min(n, 10));
  else delay = Math.min(16_000, 250 * attempt);
  return Math.max(delay, error.retryAfterMs ?? 0);
}
