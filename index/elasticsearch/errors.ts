import { errors } from '@elastic/elasticsearch';
import { VigieError } from '../../core/errors.ts';

/**
 * Maps what the Elasticsearch client throws to a VigieError with the right `retriable` flag:
 * connection failures, timeouts, 429 and 5xx are worth another attempt; other 4xx are not.
 */
export function toIndexError(e: unknown, what: string): VigieError {
  if (e instanceof VigieError) return e;
  if (e instanceof errors.ResponseError) {
    const status = e.statusCode ?? 0;
    const retriable = status === 429 || status >= 500;
    const type = (e.body as { error?: { type?: string } } | undefined)?.error?.type;
    return new VigieError(retriable ? 'ERR_INDEX_UNAVAILABLE' : 'ERR_INDEX_REQUEST', `${what}: HTTP ${status}${type ? ` ${type}` : ''}`, {
      retriable,
      cause: e,
      details: { status, type },
      retryAfterMs: retryAfter(e),
    });
  }
  if (e instanceof errors.RequestAbortedError) return new VigieError('ERR_ABORTED', `${what}: aborted`, { cause: e });
  if (e instanceof errors.ConnectionError || e instanceof errors.TimeoutError || e instanceof errors.NoLivingConnectionsError) {
    return new VigieError('ERR_INDEX_UNAVAILABLE', `${what}: ${e.name}: ${e.message}`, { retriable: true, cause: e });
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new VigieError('ERR_INDEX_REQUEST', `${what}: ${msg}`, { cause: e });
}

function retryAfter(e: InstanceType<typeof errors.ResponseError>): number | undefined {
  const h = e.headers?.['retry-after'];
  const s = Array.isArray(h) ? h[0] : h;
  const n = s === undefined ? NaN : Number(s);
  return Number.isFinite(n) ? n * 1000 : undefined;
}

/** HTTP status of a client error, if it carries one (404 checks). */
export function statusOf(e: unknown): number | undefined {
  return e instanceof errors.ResponseError ? e.statusCode : undefined;
}
