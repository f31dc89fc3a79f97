/**
 * The one error class of Vigie. Every failure carries a stable `code` (see docs/errors.md),
 * a `retriable` flag set by the code that saw the failure, and its `cause`.
 */
export type ErrorCode =
  | 'ERR_CONFIG_INVALID'
  | 'ERR_CONFIG_READ'
  | 'ERR_SCHEMA_INVALID'
  | 'ERR_JSON_PARSE'
  | 'ERR_FETCH_HTTP'
  | 'ERR_FETCH_TIMEOUT'
  | 'ERR_FETCH_TOO_LARGE'
  | 'ERR_FETCH_REDIRECT'
  | 'ERR_FETCH_NETWORK'
  | 'ERR_FETCH_PRIVATE_ADDRESS'
  | 'ERR_FEED_PARSE'
  | 'ERR_FEED_NOT_A_FEED'
  | 'ERR_FEED_EMPTY'
  | 'ERR_SOURCE_RATE_LIMITED'
  | 'ERR_SOURCE_AUTH'
  | 'ERR_SOURCE_PAYLOAD'
  | 'ERR_BUS_PUBLISH'
  | 'ERR_BUS_CONNECT'
  | 'ERR_BUS_TOPIC'
  | 'ERR_ENRICH_FAILED'
  | 'ERR_WATCH_QUERY_SYNTAX'
  | 'ERR_ES_CONNECT'
  | 'ERR_ES_BULK_ITEM'
  | 'ERR_ES_REJECTED'
  | 'ERR_ES_SETUP'
  | 'ERR_ALERT_DELIVERY'
  | 'ERR_STACK'
  | 'ERR_REPORT'
  | 'ERR_KIBANA_IMPORT'
  | 'ERR_ABORTED'
  | 'ERR_INTERNAL';

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
