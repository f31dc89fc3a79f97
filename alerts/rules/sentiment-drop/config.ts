import { z } from 'zod';
import { durationSchema } from '../../../core/duration.ts';
import { ruleCommonShape } from '../base.ts';

/** sentiment_drop: mean sentiment of the window falls more than `drop` below the baseline's. */
export const sentimentDropConfig = z
  .object({
    kind: z.literal('sentiment_drop'),
    ...ruleCommonShape,
    window: durationSchema.prefault('30m'),
    /** Previous windows pooled into the baseline mean. */
    baselineWindows: z.number().int().min(1).max(500).default(12),
    /** Mentions needed in the window and in the baseline. */
    minCount: z.number().int().min(1).default(20),
    /** Fall of the mean score (scores are in [-1, 1]) that opens an episode. */
    drop: z.number().gt(0).max(2).default(0.3),
    /** Fall at which the episode becomes critical. */
    criticalDrop: z.number().gt(0).max(2).default(0.6),
  })
  .strict();
export type SentimentDropConfig = z.infer<typeof sentimentDropConfig>;
