import { z } from 'zod';
import { durationSchema } from '../../../core/duration.ts';
import { ruleCommonShape } from '../base.ts';

/**
 * keywords: mentions matching any of `terms` reach `minCount` in the window. Terms are folded like
 * watch queries (case, accents, elisions): `boycott*` is a prefix, `"intoxication alimentaire"`
 * (or any term with a space) a phrase, anything else a whole word.
 */
export const keywordsConfig = z
  .object({
    kind: z.literal('keywords'),
    ...ruleCommonShape,
    terms: z.array(z.string().trim().min(1).max(200)).min(1).max(500),
    window: durationSchema.prefault('15m'),
    minCount: z.number().int().min(1).default(5),
    /** Count at which the episode is critical. */
    criticalCount: z.number().int().min(1).optional(),
  })
  .strict();
export type KeywordsConfig = z.infer<typeof keywordsConfig>;
