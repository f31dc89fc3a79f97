import { VigieError } from '../../../core/errors.ts';
import { httpError, redactUrl, safeFetch, type SafeFetchOptions, type SafeResponse } from './fetch.ts';

/**
 * Turns a platform's error answer into its own VigieError (a throttle hidden in a 400, a quota
 * in a 403...). `body` is the parsed JSON error document, or undefined when it was not JSON.
 * Returning undefined falls back to the generic HTTP classification.
 */
export type ErrorClassifier = (status: number, body: unknown, headers: Record<string, string>, url: string) => VigieError | undefined;

export interface FetchJsonOptions extends SafeFetchOptions {
  classifyError?: ErrorClassifier;
}

export interface JsonResponse {
  /** The parsed JSON document. */
  data: unknown;
  response: SafeResponse;
}

const HTML_START = /^\s*(<!doctype html|<html|<head|<body|<\?xml|<)/i;

/**
 * Parses a JSON body, failing with a clear code: ERR_FETCH_NOT_JSON for an HTML or XML page
 * (a proxy error page, a login wall, a maintenance page), ERR_FETCH_BAD_JSON for an empty or
 * cut-off document. Both are retriable: they are usually transient.
 */
export function parseJsonBody(res: Pick<SafeResponse, 'body' | 'contentType' | 'url'>): unknown {
  const url = redactUrl(res.url);
  const text = res.body.toString('utf8').replace(/^\uFEFF/, '');
  const type = (res.contentType ?? '').toLowerCase();
  if (type.includes('html') || HTML_START.test(text)) {
    throw new VigieError('ERR_FETCH_NOT_JSON', `${url}: expected JSON, got ${type.includes('html') || /<html|<!doctype/i.test(text.slice(0, 200)) ? 'an HTML page' : `"${type || 'markup'}"`} (an error or login page in front of the API?)`, {
      retriable: true,
      details: { url, contentType: res.contentType, bytes: res.body.length },
    });
  }
  if (text.trim() === '') throw new VigieError('ERR_FETCH_BAD_JSON', `${url}: empty answer where JSON was expected`, { retriable: true, details: { url } });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new VigieError('ERR_FETCH_BAD_JSON', `${url}: invalid JSON (${(e as Error).message}; ${res.body.length} bytes, cut off?)`, {
      retriable: true,
      cause: e,
      details: { url, bytes: res.body.length },
    });
  }
}

/**
 * GETs (or POSTs) a JSON API through `safeFetch` (timeouts, size cap, private-address guard,
 * gzip) and parses the answer. A non-2xx answer is read too, so that `classifyError` can turn
 * the platform's error document into a precise error; otherwise the usual HTTP classification
 * applies (429 → ERR_FETCH_RATE_LIMITED with Retry-After, 5xx retriable, 4xx not).
 */
export async function fetchJson(url: string, opts: FetchJsonOptions = {}): Promise<JsonResponse> {
  const { classifyError, ...fetchOpts } = opts;
  const response = await safeFetch(url, { accept: 'application/json', ...fetchOpts, returnErrors: true });
  if (response.status < 200 || response.status >= 300) {
    let body: unknown;
    try {
      body = response.body.length ? JSON.parse(response.body.toString('utf8')) : undefined;
    } catch {
      body = undefined;
    }
    throw classifyError?.(response.status, body, response.headers, response.url) ?? httpError(response.status, response.url, response.headers);
  }
  return { data: parseJsonBody(response), response };
}
