import { VigieError } from '../../../core/errors.ts';
import { fetchJson, type ErrorClassifier, type JsonResponse } from '../http/json.ts';
import { redactUrl } from '../http/fetch.ts';
import type { HttpOptions } from './config.ts';

export interface ApiCall {
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  body?: string;
  classifyError?: ErrorClassifier;
}

/** One JSON call with the source's limits (timeout, size cap, user agent, private-address policy). */
export function callJson(http: HttpOptions, url: string, signal: AbortSignal, call: ApiCall = {}): Promise<JsonResponse> {
  return fetchJson(url, {
    timeoutMs: http.timeout,
    maxBytes: http.maxBytes,
    userAgent: http.userAgent,
    allowPrivate: http.allowPrivate,
    signal,
    headers: call.headers,
    // Default: the origin of `url` only. A source's opt-in list widens it.
    credentialOrigins: http.credentialOrigins?.length ? [new URL(url).origin, ...http.credentialOrigins] : undefined,
    method: call.method,
    body: call.body,
    classifyError: call.classifyError,
  });
}

/**
 * The answer does not have the shape the connector was written for (a field renamed, a
 * wrapper changed): the API changed, so retrying will not help and an operator must act.
 */
export function schemaError(kind: string, url: string, what: string): VigieError {
  return new VigieError('ERR_CONNECTOR_SCHEMA', `${kind}: unexpected answer from ${redactUrl(url)}: ${what} (did the API change?)`, {
    details: { kind, url: redactUrl(url) },
  });
}

/** The longer of two waits; undefined when neither is set. */
export function longerWait(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

/** Rate-limit answers hidden in a platform's error document become ERR_FETCH_RATE_LIMITED. */
export function rateLimited(url: string, message: string, retryAfterMs: number | undefined, details: Record<string, unknown> = {}): VigieError {
  return new VigieError('ERR_FETCH_RATE_LIMITED', `${redactUrl(url)}: ${message}${retryAfterMs !== undefined ? ` (retry after ${retryAfterMs} ms)` : ''}`, {
    retriable: true,
    retryAfterMs,
    details: { url: redactUrl(url), ...details },
  });
}
