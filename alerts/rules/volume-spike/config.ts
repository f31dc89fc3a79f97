import { z } from 'zod';
import { durationSchema } from '../../../core/duration.ts';
import { ruleCommonShape } from '../base.ts';

/** volume_spike: mentions in a sliding window against a robust baseline of the previous windows. */
export const volumeSpikeConfig = z
  .object({
    kind: z.literal('volume_spike'),
    ...ruleCommonShape,
    /** Length of the counting window. */
    window: durationSchema.prefault('5m'),
    /** Bucket granularity; the window must be a whole number of buckets. */
    bucket: durationSchema.prefault('1m'),
    /** Previous windows the baseline is learned from (median and MAD). */
    baselineWindows: z.number().int().min(3).max(1000).default(24),
    /** No alert before this many previous windows of history exist. */
    minBaselineWindows: z.number().int().min(1).max(1000).default(6),
    /** Floor: fewer mentions than this never alert, whatever the ratio (low-volume scopes). */
    minCount: z.number().int().min(1).default(20),
    /** Count must be at least this multiple of the baseline... */
    ratio: z.number().min(1).default(3),
    /** ...and this many robust standard deviations (1.4826 × MAD) above it. */
    zScore: z.number().min(0).default(4),
    /** Ratio at which the episode becomes critical. */
    criticalRatio: z.number().min(1).default(10),
    /** Hour-of-day (and day-of-week once 3 weeks exist) expectation, used once enough history exists. */
    seasonality: z
      .object({
        enabled: z.boolean().default(true),
        /** Same-hour values of this many previous days are needed before daily seasonality applies. */
        minDays: z.number().int().min(1).max(28).default(3),
        /** Previous days looked at for the same hour. */
        days: z.number().int().min(1).max(28).default(7),
        /** Same hour and weekday of this many previous weeks replace the daily view when all exist (0 = off). */
        weeks: z.number().int().min(0).max(8).default(3),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .refine((c) => c.window % c.bucket === 0 && c.window >= c.bucket, { message: 'window must be a whole number of buckets', path: ['window'] })
  .refine((c) => c.minBaselineWindows <= c.baselineWindows, { message: 'minBaselineWindows must not exceed baselineWindows', path: ['minBaselineWindows'] });
export type VolumeSpikeConfig = z.infer<typeof volumeSpikeConfig>;
