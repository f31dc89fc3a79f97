import type { VigieError } from '../../core/errors.ts';

/** Refusals of one saved cursor in a row before the runner drops it. */
export const DEFAULT_CURSOR_REFUSALS = 3;

/**
 * Whether a failed poll says the platform refuses the request as built from the saved cursor:
 * a connector marks it explicitly (`details.cursorRefused`), or the answer is a definite client
 * error (400, 403, 404, 410, 422). Credentials (`ERR_*_AUTH`, 401), rate limits (429) and
 * retriable failures are not about the cursor: dropping it would not help and would lose the
 * position.
 */
export function isCursorRefusal(err: VigieError): boolean {
  if (err.details?.cursorRefused === true) return true;
  if (err.retriable || /_AUTH$/.test(err.code)) return false;
  const status = err.details?.status;
  return status === 400 || status === 403 || status === 404 || status === 410 || status === 422;
}

/**
 * Counts, per source, how many polls in a row failed with a refusal while sending the same saved
 * cursor. Once a cursor was refused `maxRefusals` times, the runner drops it (the next poll starts
 * from the connector's lookback) instead of repeating a request the platform will never accept:
 * a logged-out Bluesky `cursor` (403 forever), a pagination token a platform expired, a cursor
 * written by an older Vigie. Any success, or a failure of another kind, resets the count.
 */
export class CursorGuard {
  private readonly refusals = new Map<string, { cursor: string; count: number }>();

  constructor(private readonly maxRefusals = DEFAULT_CURSOR_REFUSALS) {}

  /** Records a failed poll; true when the cursor it sent must now be dropped. */
  failed(source: string, cursor: string | undefined, err: VigieError): boolean {
    if (cursor === undefined || cursor === '' || !isCursorRefusal(err)) {
      this.refusals.delete(source);
      return false;
    }
    const prev = this.refusals.get(source);
    const count = prev && prev.cursor === cursor ? prev.count + 1 : 1;
    if (count >= this.maxRefusals) {
      this.refusals.delete(source);
      return true;
    }
    this.refusals.set(source, { cursor, count });
    return false;
  }

  /** A poll succeeded: the count starts again. */
  succeeded(source: string): void {
    this.refusals.delete(source);
  }
}
