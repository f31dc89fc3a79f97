import { z } from 'zod';
import { durationSchema } from '../../../core/duration.ts';
import { ruleCommonShape } from '../base.ts';
import { falsePagesSchema } from '../volume-surge/budget.ts';

/**
 * flatline: a scope (or a source) silent for longer than its own pace makes likely: a broken
 * connector or an exhausted quota, not a quiet hour of a small source.
 */
export const flatlineConfig = z
  .object({
    kind: z.literal('flatline'),
    ...ruleCommonShape,
    /** Shortest silence that can page, however busy the source. */
    silentFor: durationSchema.prefault('30m'),
    /**
     * How many pages on ordinary silences you accept ("1/month", "2/week"): a silence pages once
     * no mention in that long is this unlikely at the source's own pace (see docs/alerts.md).
     */
    falsePages: falsePagesSchema.prefault('1/month'),
    /** No page before the scope has been watched this long; one never heard from pages after it. */
    learnFor: durationSchema.prefault('1d'),
    /** Silence counts every mention, those naming other organisations included. */
    shared: z.enum(['exclude', 'include']).default('include'),
    /** Silence after which the episode is critical. */
    criticalAfter: durationSchema.optional(),
    /** Watch silence per scope (watch entries) or per source (connector name or kind). */
    groupBy: z.enum(['scope', 'source']).default('scope'),
    /** Sources expected to speak, watched from the start even before their first mention. */
    sources: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type FlatlineConfig = z.infer<typeof flatlineConfig>;
