import { VigieError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { callJson } from '../kit/connector/client.ts';
import type { HttpOptions } from '../kit/connector/config.ts';
import { optObject, optString } from '../kit/connector/read.ts';
import { safeFetch } from '../kit/http/fetch.ts';

/** `configuration.timelines_access` of a Mastodon 4.5+ instance: per feed, who may read local and remote posts. */
export type FeedAccess = 'public' | 'authenticated' | 'disabled';
export interface TimelinesAccess {
  live_feeds?: { local?: FeedAccess; remote?: FeedAccess };
  hashtag_feeds?: { local?: FeedAccess; remote?: FeedAccess };
}

export interface InstanceInfo {
  /** Base URL of the streaming server (https:, from wss:), when the instance names one. */
  streaming?: string;
  timelinesAccess?: TimelinesAccess;
}

/** `wss://streaming.example` → `https://streaming.example` (the SSE transport is plain HTTP). */
export function httpBaseOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(raw.replace(/^wss:/i, 'https:').replace(/^ws:/i, 'http:'));
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/**
 * Reads the instance document: `/api/v2/instance` (`configuration.urls.streaming`,
 * `configuration.timelines_access`), else `/api/v1/instance` (`urls.streaming_api`), as the
 * Instance entity documents them. A server that has neither gives an empty answer, not an error.
 */
export async function readInstance(base: string, http: HttpOptions, headers: Record<string, string>, signal: AbortSignal, logger: Logger): Promise<InstanceInfo> {
  for (const version of ['v2', 'v1'] as const) {
    try {
      const { data } = await callJson(http, `${base}/api/${version}/instance`, signal, { headers });
      const doc = optObject(data);
      if (!doc) continue;
      if (version === 'v2') {
        const conf = optObject(doc.configuration);
        return { streaming: httpBaseOf(optString(optObject(conf?.urls)?.streaming)), timelinesAccess: optObject(conf?.timelines_access) as TimelinesAccess | undefined };
      }
      return { streaming: httpBaseOf(optString(optObject(doc.urls)?.streaming_api)) };
    } catch (e) {
      if (signal.aborted) throw e;
      logger.debug({ kind: 'mastodon', version, code: e instanceof VigieError ? e.code : undefined }, 'instance document not readable; trying the next way');
    }
  }
  return {};
}

/**
 * The documented fallback of "Hostname discovery": `/api/v1/streaming` on the regular host
 * redirects to the streaming server when there is one, and answers 404 when the same host
 * serves streaming. The redirect's target host is what counts; no credentials are sent.
 */
export async function streamingByRedirect(base: string, http: HttpOptions, signal: AbortSignal): Promise<string | undefined> {
  const res = await safeFetch(`${base}/api/v1/streaming`, { timeoutMs: http.timeout, maxBytes: 64 * 1024, userAgent: http.userAgent, allowPrivate: http.allowPrivate, signal, returnErrors: true });
  if (res.redirects.length === 0) return undefined;
  const target = new URL(res.url);
  return target.origin === new URL(base).origin ? undefined : target.origin;
}
