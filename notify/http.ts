import { z } from 'zod';
import { VigieError } from '../core/errors.ts';

/** An http(s) endpoint; tests point channels at 127.0.0.1. */
export const endpointSchema = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

/**
 * POSTs a JSON body and maps the outcome onto Vigie errors: network failures, timeouts, 408,
 * 429 and 5xx are retriable (with the server's Retry-After); other 4xx are not (fix the config).
 */
export async function postJson(url: string, body: string, headers: Record<string, string>, signal: AbortSignal, timeoutMs: number, what: string): Promise<Response> {
  return requestJson(url, body, headers, signal, timeoutMs, what);
}

/** GET with the same error mapping as postJson (Slack's conversations.* lookups). */
export async function getJson(url: string, headers: Record<string, string>, signal: AbortSignal, timeoutMs: number, what: string): Promise<Response> {
  return requestJson(url, undefined, headers, signal, timeoutMs, what);
}

async function requestJson(url: string, body: string | undefined, headers: Record<string, string>, signal: AbortSignal, timeoutMs: number, what: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }), 'user-agent': 'vigie-alerts/0.1', ...headers },
      body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      redirect: 'error',
    });
  } catch (e) {
    if (signal.aborted) throw new VigieError('ERR_ABORTED', 'aborted', { cause: e });
    throw new VigieError('ERR_ALERT_CHANNEL_UNREACHABLE', `${what}: ${(e as Error).message}`, { cause: e, retriable: true });
  }
  if (res.ok) return res;
  const text = (await res.text().catch(() => '')).slice(0, 300);
  const retriable = res.status === 408 || res.status === 429 || res.status >= 500;
  const ra = res.headers.get('retry-after');
  const retryAfterMs = ra && /^\d+$/.test(ra) ? Number(ra) * 1000 : undefined;
  throw new VigieError(retriable ? 'ERR_ALERT_CHANNEL_HTTP' : 'ERR_ALERT_CHANNEL_REJECTED', `${what}: HTTP ${res.status} ${text}`.trim(), {
    retriable,
    retryAfterMs,
    details: { status: res.status },
  });
}
