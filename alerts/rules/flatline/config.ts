import { z } from 'zod';
import { durationSchema } from '../../../core/duration.ts';
import { ruleCommonShape } from '../base.ts';

/** flatline: a scope (or a source) silent longer than `silentFor`: a broken connector or an exhausted quota. */
export const flatlineConfig = z
  .object({
    kind: z.literal('flatline'),
    ...ruleCommonShape,
    silentFor: durationSchema.prefault('30m'),
    /** Silence after which the episode is critical. */
    criticalAfter: durationSchema.optional(),
    /** Watch silence per scope (watch entries) or per source (connector name or kind). */
    groupBy: z.enum(['scope', 'source']).default('scope'),
    /** Sources expected to speak, watched from the start even before their first mention. */
    sources: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type FlatlineConfig = z.infer<typeof flatlineConfig>;
