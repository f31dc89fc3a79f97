import type { z } from 'zod';
import type { Logger } from '../../../core/logger.ts';

/** Ids remembered between polls to drop the overlap of inclusive time windows. */
export const SEEN_LIMIT = 500;

/**
 * Reads a saved JSON cursor against its schema. A corrupt or outdated cursor is reported and
 * ignored (the connector starts as on its first poll), never fatal.
 */
export function readCursor<T>(raw: string | undefined, schema: z.ZodType<T>, logger: Logger, kind: string): T | undefined {
  if (raw === undefined || raw === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    logger.warn({ code: 'ERR_CURSOR_INVALID', kind }, 'saved cursor is not JSON; starting without it');
    return undefined;
  }
  const r = schema.safeParse(parsed);
  if (!r.success) {
    logger.warn({ code: 'ERR_CURSOR_INVALID', kind, issues: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'saved cursor has an unexpected shape; starting without it');
    return undefined;
  }
  return r.data;
}

/** Newest ids first, without repeats, bounded. */
export function rememberIds(previous: readonly string[], fresh: readonly string[], limit = SEEN_LIMIT): string[] {
  return [...new Set([...fresh, ...previous])].slice(0, limit);
}

/**
 * Where a since-seconds poll starts (Hacker News, Stack Exchange): at the newest creation time
 * emitted (first poll: `lookback` ago), asked from `overlap` earlier so that late-indexed items
 * are not missed; the ids seen there drop the repeats the overlap brings.
 */
export function sinceStart(saved: { since: number; seen: string[] } | undefined, nowMs: number, cfg: { lookback: number; overlap: number }) {
  const since = saved?.since ?? Math.floor((nowMs - cfg.lookback) / 1000);
  return { since, seen: saved?.seen ?? [], from: Math.max(0, since - Math.floor(cfg.overlap / 1000)) };
}

/** The mentions not emitted before, and the ids to save with the next cursor (all of this page's). */
export function dropSeen<M extends { id: string }>(seen: readonly string[], mentions: readonly M[]): { fresh: M[]; seen: string[] } {
  const known = new Set(seen);
  return { fresh: mentions.filter((m) => !known.has(m.id)), seen: rememberIds(seen, mentions.map((m) => m.id)) };
}
