import { createHmac } from 'node:crypto';
import { VigieError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { callJson, rateLimited, schemaError } from '../kit/connector/client.ts';
import type { HttpOptions } from '../kit/connector/config.ts';
import { isObject, optObject, optString, type Json } from '../kit/connector/read.ts';
import { redactUrl } from '../kit/http/fetch.ts';
import type { ErrorClassifier } from '../kit/http/json.ts';

/** Graph API error codes that mean "too many calls" (app, user, page, custom and business use case limits). */
const THROTTLE_CODES = new Set([4, 17, 32, 613, 80001, 80002, 80003, 80004, 80005, 80006, 80008, 80009, 80014]);
/** Without an estimate from the platform, a throttled source waits this long (limits are rolling one-hour windows). */
export const DEFAULT_THROTTLE_WAIT_MS = 15 * 60_000;

export interface GraphOptions extends HttpOptions {
  accessToken: string;
  appSecret?: string;
  apiVersion: string;
  baseUrl: string;
  usageLimit: number;
}

export interface Usage {
  /** Highest percentage of any limit reported by the usage headers. */
  percent: number;
  /** The platform's own estimate of when access comes back, if it gave one. */
  regainMs?: number;
}

function parseHeaderJson(v: string | undefined): unknown {
  if (!v) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

/**
 * Reads `x-app-usage`, `x-page-usage` (`{call_count, total_cputime, total_time}`, percents) and
 * `x-business-use-case-usage` (`{<id>: [{type, call_count, ..., estimated_time_to_regain_access}]}`,
 * minutes).
 */
export function readUsage(headers: Record<string, string>): Usage {
  let percent = 0;
  let regainMs: number | undefined;
  const take = (o: Json | undefined) => {
    for (const k of ['call_count', 'total_cputime', 'total_time']) if (typeof o?.[k] === 'number') percent = Math.max(percent, o[k] as number);
    const regain = o?.estimated_time_to_regain_access;
    if (typeof regain === 'number' && regain > 0) regainMs = Math.max(regainMs ?? 0, regain * 60_000);
  };
  take(optObject(parseHeaderJson(headers['x-app-usage'])));
  take(optObject(parseHeaderJson(headers['x-page-usage'])));
  const buc = optObject(parseHeaderJson(headers['x-business-use-case-usage']));
  for (const list of Object.values(buc ?? {})) for (const o of Array.isArray(list) ? list : []) take(optObject(o));
  return { percent, regainMs };
}

/** Graph errors: throttles become rate limits (with the usage headers' estimate), code 190 an auth error. */
export const classifyGraphError: ErrorClassifier = (status, body, headers, url) => {
  const err = isObject(body) ? optObject(body.error) : undefined;
  if (!err) return undefined;
  const code = typeof err.code === 'number' ? err.code : undefined;
  const details = { url: redactUrl(url), status, code, subcode: err.error_subcode, fbtraceId: err.fbtrace_id };
  const message = optString(err.message) ?? '';
  if (code !== undefined && THROTTLE_CODES.has(code)) return rateLimited(url, `Graph API throttled (code ${code}): ${message}`, readUsage(headers).regainMs ?? DEFAULT_THROTTLE_WAIT_MS, details);
  if (code === 190 || code === 102) return new VigieError('ERR_CONNECTOR_AUTH', `Graph API refused the access token (code ${code}): ${message}; renew the token`, { details });
  const retriable = status >= 500 || code === 1 || code === 2;
  return new VigieError('ERR_FETCH_HTTP', `${redactUrl(url)}: HTTP ${status} Graph API error ${code ?? '?'}: ${message}`, { retriable, details });
};

/** One Graph API call: Bearer token, optional appsecret_proof, usage headers read. */
export async function graphGet(o: GraphOptions, path: string, params: Record<string, string | undefined>, signal: AbortSignal, kind: string): Promise<{ data: Json; url: string; usage: Usage }> {
  const url = new URL(`${o.baseUrl.replace(/\/+$/, '')}/${o.apiVersion}${path}`);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  if (o.appSecret) url.searchParams.set('appsecret_proof', createHmac('sha256', o.appSecret).update(o.accessToken).digest('hex'));
  const { data, response } = await callJson(o, url.toString(), signal, { headers: { authorization: `Bearer ${o.accessToken}` }, classifyError: classifyGraphError });
  if (!isObject(data)) throw schemaError(kind, url.toString(), 'the answer is not a JSON object');
  return { data, url: url.toString(), usage: readUsage(response.headers) };
}

/** The wait a usage level calls for: none below the limit, else the platform's estimate or the default. */
export function usageWait(usage: Usage, limit: number, logger: Logger, kind: string): number | undefined {
  if (usage.percent >= limit) {
    const wait = usage.regainMs ?? DEFAULT_THROTTLE_WAIT_MS;
    logger.warn({ kind, usagePercent: usage.percent, retryAfterMs: wait }, 'Graph API usage near its limit; pausing the source');
    return wait;
  }
  if (usage.percent >= 75) logger.info({ kind, usagePercent: usage.percent }, 'Graph API usage high');
  return undefined;
}

/** `data` of a Graph list answer, and the `after` cursor when `paging.next` says there is more. */
export function graphList(data: Json, url: string, kind: string): { items: unknown[]; after: string | undefined } {
  if (!Array.isArray(data.data)) throw schemaError(kind, url, 'no "data" array');
  const paging = optObject(data.paging);
  const after = optString(paging?.next) ? optString(optObject(paging?.cursors)?.after) : undefined;
  return { items: data.data, after };
}
