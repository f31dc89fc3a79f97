import { z } from 'zod';
import { durationSchema } from '../../../core/duration.ts';
import { ruleCommonShape } from '../base.ts';

/** negative_share: share of negative mentions ≥ `share` among ≥ `minCount` mentions in the window. */
export const negativeShareConfig = z
  .object({
    kind: z.literal('negative_share'),
    ...ruleCommonShape,
    window: durationSchema.prefault('15m'),
    /** Fewer mentions than this in the window never alert. */
    minCount: z.number().int().min(1).default(20),
    /** Share of negative mentions (0..1) that opens an episode. */
    share: z.number().gt(0).max(1).default(0.5),
    /** Share at which the episode becomes critical. */
    criticalShare: z.number().gt(0).max(1).default(0.75),
  })
  .strict();
export type NegativeShareConfig = z.infer<typeof negativeShareConfig>;
