import { z } from 'zod';
import { durationSchema } from '../../../core/duration.ts';
import { ruleCommonShape } from '../base.ts';

/** new_term: a hashtag or word never seen before in this scope reaches `minCount` within the window. */
export const newTermConfig = z
  .object({
    kind: z.literal('new_term'),
    ...ruleCommonShape,
    /** What counts as a term. */
    terms: z.enum(['hashtags', 'words', 'both']).default('hashtags'),
    /** History needed before anything can be "new" (the vocabulary is learned meanwhile). */
    learnFor: durationSchema.prefault('1d'),
    /** A term stays new this long after it was first seen. */
    newFor: durationSchema.prefault('6h'),
    window: durationSchema.prefault('1h'),
    minCount: z.number().int().min(1).default(10),
    criticalCount: z.number().int().min(1).optional(),
    /** Vocabulary size kept per scope; the least recently seen terms are forgotten first. */
    maxTerms: z.number().int().min(100).max(200_000).default(20_000),
  })
  .strict();
export type NewTermConfig = z.infer<typeof newTermConfig>;
