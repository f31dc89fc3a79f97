import { z } from 'zod';
import { durationSchema } from '../../../core/duration.ts';
import { ruleCommonShape } from '../base.ts';

/** influential_negative: a negative mention by an author whose influence is at least `minInfluence`. */
export const influentialNegativeConfig = z
  .object({
    kind: z.literal('influential_negative'),
    ...ruleCommonShape,
    /** Influence score (0–100) from which a negative mention pages. */
    minInfluence: z.number().min(0).max(100).default(70),
    /** Influence at which the episode is critical. */
    criticalInfluence: z.number().min(0).max(100).default(90),
    /** How long one such mention keeps the episode open (then resolveAfter applies). */
    window: durationSchema.prefault('1h'),
  })
  .strict();
export type InfluentialNegativeConfig = z.infer<typeof influentialNegativeConfig>;
