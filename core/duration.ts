import { z } from 'zod';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses "500ms", "30s", "5m", "2h", "7d", "1w" into milliseconds; undefined when malformed. */
export function parseDuration(s: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/.exec(s);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNITS[m[2]!]!);
}

/** A duration written as a string in config ("30s"), parsed to milliseconds. */
export const durationSchema = z.string().transform((s, ctx) => {
  const ms = parseDuration(s);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `must be a duration such as "30s", "5m" or "2h", got ${JSON.stringify(s)}` });
    return z.NEVER;
  }
  return ms;
});
