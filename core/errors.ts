/**
 * The one error class of Vigie. Every failure carries a stable `code` (see docs/errors.md),
 * a `retriable` flag set by the code that saw the failure, and its `cause`.
 */
/** Stable error codes `ERR_<AREA>_<WHAT>`; each one is listed in docs/errors.md. */
export type ErrorCode = `ERR_${string}`;

export interface VigieErrorOptions {
  retriable?: boolean;
  cause?: unknown;
  /** Milliseconds the remote side asked us to wait (HTTP Retry-After, platform backoff). */
  retryAfterMs?: number;
  /** Extra structured facts (ids, status codes); never post text or secrets. */
  details?: Record<string, unknown>;
}

export class VigieError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, opts: VigieErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'VigieError';
    this.code = code;
    this.retriable = opts.retriable ?? false;
    this.retryAfterMs = opts.retryAfterMs;
    this.details = opts.details;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, retriable: this.retriable, details: this.details };
  }
}

export function isVigieError(e: unknown): e is VigieError {
  return e instanceof VigieError;
}

/** Wraps anything thrown into a VigieError, keeping the original as cause. */
export function toVigieError(e: unknown, code: ErrorCode = 'ERR_INTERNAL', retriable = false): VigieError {
  if (e instanceof VigieError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new VigieError(code, msg, { cause: e, retriable });
}
