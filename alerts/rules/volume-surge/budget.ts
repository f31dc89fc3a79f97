import { z } from 'zod';
import { cusumThreshold } from './stats.ts';

const DAY_MS = 86_400_000;
const PERIODS: Record<string, number> = {
  hour: DAY_MS / 24, heure: DAY_MS / 24,
  day: DAY_MS, jour: DAY_MS,
  week: 7 * DAY_MS, semaine: 7 * DAY_MS,
  month: 30 * DAY_MS, mois: 30 * DAY_MS,
  quarter: 91 * DAY_MS, trimestre: 91 * DAY_MS,
  year: 365 * DAY_MS, an: 365 * DAY_MS, année: 365 * DAY_MS,
};

/** A false-alarm budget: `pages` false pages per `periodMs` on normal traffic. */
export interface Budget {
  pages: number;
  periodMs: number;
}

/** `"1/month"`, `"2 per week"`, `"1/mois"` → a Budget. */
export const falsePagesSchema = z.string().transform((s, ctx): Budget => {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/|per|par)\s*(\p{L}+)\s*$/iu.exec(s);
  const unit = m?.[2]!.toLowerCase() ?? '';
  const periodMs = m ? (PERIODS[unit] ?? PERIODS[unit.replace(/s$/, '')]) : undefined;
  const pages = m ? Number(m[1]) : NaN;
  if (!m || periodMs === undefined || !(pages > 0)) {
    ctx.addIssue({ code: 'custom', message: `must be a number of false pages per period such as "1/month", "2/week" or "1/quarter", got ${JSON.stringify(s)}` });
    return z.NEVER;
  }
  return { pages, periodMs };
});

/**
 * Sliding windows evaluated every minute overlap: one unusual stretch makes several consecutive
 * windows surprising, but they are one episode. The number of independent chances to be wrong
 * is about the number of disjoint windows in the period; this factor covers the extra chances
 * the sliding gives (measured on generated calm weeks, see docs/alerts.md).
 */
const OVERLAP = 3;
/** CUSUM reference: detects a rise of about one standard deviation per bucket. */
export const CUSUM_K = 0.5;

/** Per-test thresholds derived from the budget, shared equally between the tests. */
export interface Thresholds {
  /** Largest tail probability that fires, per window (same order as the windows). */
  tail: number[];
  /** CUSUM decision level (normal-score units); Infinity when the slow-rise track is off. */
  cusum: number;
}

/**
 * Turns "N false pages per period" into test thresholds: each of the k tests (windows, plus the
 * slow-rise track) gets N/k of the budget; a window of length W has period/W chances, so it
 * fires below (N/k) / (period/W × OVERLAP); the CUSUM's run length to a false alarm is
 * (period / bucket) / (N/k) steps.
 */
export function thresholds(b: Budget, windowsMs: readonly number[], cusumBucketMs: number | undefined): Thresholds {
  const tests = windowsMs.length + (cusumBucketMs ? 1 : 0);
  const share = b.pages / tests;
  return {
    tail: windowsMs.map((w) => share / ((b.periodMs / w) * OVERLAP)),
    cusum: cusumBucketMs ? cusumThreshold(b.periodMs / cusumBucketMs / share, CUSUM_K) : Infinity,
  };
}
