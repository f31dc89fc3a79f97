import { z } from 'zod';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Longest delay a Node timer can hold (about 24.8 days). Anything longer overflows to 1 ms, which
 * turns a long wait into a busy loop, so every timer set from config or from a server goes
 * through `clampTimerMs`.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Longest duration any config field accepts (10 years): retention and look-backs fit, absurd values do not. */
export const MAX_DURATION_MS = 3650 * UNITS.d!;

/** A delay fit for setTimeout: NaN and negatives become 0, anything beyond MAX_TIMER_MS is capped. */
export function clampTimerMs(ms: number): number {
  if (!(ms > 0)) return 0;
  return Math.min(Math.round(ms), MAX_TIMER_MS);
}

/** Parses "500ms", "30s", "5m", "2h", "7d", "1w" into milliseconds; undefined when malformed or absurd. */
export function parseDuration(s: string): number | undefined {
  const m = /^\s*(\d{1,12}(?:\.\d{1,6})?)\s*(ms|s|m|h|d|w)\s*$/.exec(s);
  if (!m) return undefined;
  const ms = Math.round(Number(m[1]) * UNITS[m[2]!]!);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** A duration for messages: the largest unit that divides it ("90s", "2h", "7d"), else ms. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [['w', UNITS.w!], ['d', UNITS.d!], ['h', UNITS.h!], ['m', UNITS.m!], ['s', UNITS.s!]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** The problem with a duration string for a field allowing [minMs, maxMs], or undefined when fine. */
export function durationProblem(s: string, minMs: number, maxMs: number): string | undefined {
  const ms = parseDuration(s);
  if (ms === undefined) return `must be a duration such as "30s", "5m" or "2h", got ${JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s)}`;
  if (ms < minMs || ms > maxMs) return `must be between ${formatDuration(minMs)} and ${formatDuration(maxMs)}, got "${s.trim()}"`;
  return undefined;
}

/**
 * A duration written as a string in config ("30s"), parsed to milliseconds, within
 * [minMs, maxMs]: a clear error names the range instead of letting "0ms" poll in a loop or "5w"
 * overflow a timer.
 */
export function durationBetween(minMs: number, maxMs: number) {
  return z.string().transform((s, ctx) => {
    const problem = durationProblem(s, minMs, maxMs);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return parseDuration(s)!;
  });
}

/** A duration of 0 to 10 years (windows, retention, look-backs: compared, never handed to a timer). */
export const durationSchema = durationBetween(0, MAX_DURATION_MS);

/** Longest timer duration accepted in config: 24 days, just under MAX_TIMER_MS. */
export const MAX_TIMER_DURATION_MS = 24 * UNITS.d!;

/** A duration handed to a timer (timeouts, intervals, waits): at least 1 ms, at most 24 days. */
export const timerDurationSchema = durationBetween(1, MAX_TIMER_DURATION_MS);

const S = UNITS.s!;
const D = UNITS.d!;

/** Time between two polls of a source: 1 second to 7 days. */
export const pollIntervalSchema = durationBetween(S, 7 * D);
/** Time allowed for one request or exchange: 100 ms to 10 minutes. */
export const requestTimeoutSchema = durationBetween(100, 10 * UNITS.m!);
/** Silence allowed on a stream before it is restarted: 1 second to 1 day. */
export const silenceTimeoutSchema = durationBetween(S, D);
/** How often a loop wakes up (evaluations, ticks): 100 ms to 1 day. */
export const tickSchema = durationBetween(100, D);
/** How long deliveries keep retrying: 1 second to 7 days. */
export const deadlineSchema = durationBetween(S, 7 * D);
