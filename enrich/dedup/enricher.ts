import { z } from 'zod';
import type { ComponentDef, Enricher } from '../../core/contracts.ts';
import { durationSchema } from '../../core/duration.ts';
import { DEDUP_DEFAULTS, DuplicateDetector } from './detector.ts';

export { DuplicateDetector, DEDUP_DEFAULTS, type DedupOptions } from './detector.ts';
export { dedupText } from './normalise.ts';

export const dedupConfigSchema = z
  .object({
    maxEntries: z.number().int().min(1).max(10_000_000).default(DEDUP_DEFAULTS.maxEntries).describe('Most fingerprints kept per worker (about 150 bytes each plus the id string); the oldest are forgotten first.'),
    window: z
      .union([z.number().int().positive(), durationSchema])
      .prefault('72h')
      .describe('Copies published further apart than this are not duplicates ("72h"; a number is milliseconds).'),
    threshold: z.number().min(0.3).max(1).default(DEDUP_DEFAULTS.threshold).describe('Similarity (0.3–1) at or above which two texts are near-duplicates.'),
    nearMinWords: z.number().int().min(1).default(DEDUP_DEFAULTS.nearMinWords).describe('Texts with fewer words are only matched exactly.'),
    exactMinWords: z.number().int().min(1).default(DEDUP_DEFAULTS.exactMinWords).describe('Texts with fewer words are never marked, except explicit retweets.'),
  })
  .strict();
export type DedupConfig = z.infer<typeof dedupConfigSchema>;

/**
 * The `dedup` enricher: `duplicateOf` = id of the first mention seen with the same text.
 * Stateful per worker process (see README.md): near-duplicates handled by different workers are
 * not linked; exact re-deliveries stay idempotent through the mention id.
 */
export const dedup: ComponentDef<DedupConfig, Enricher<'duplicateOf'> & { readonly detector: DuplicateDetector }> = {
  kind: 'dedup',
  summary: 'Near-duplicates (retweets, cross-posts, syndicated copies): duplicateOf the first seen, bounded memory',
  config: dedupConfigSchema,
  create(cfg, ctx) {
    const detector = new DuplicateDetector({ maxEntries: cfg.maxEntries, windowMs: cfg.window, threshold: cfg.threshold, nearMinWords: cfg.nearMinWords, exactMinWords: cfg.exactMinWords });
    ctx?.logger.info({ maxEntries: cfg.maxEntries, windowMs: cfg.window, bytes: Math.round(detector.store.bytesPerEntry * cfg.maxEntries) }, 'dedup fingerprint store allocated');
    return { field: 'duplicateOf', detector, enrich: (m) => detector.check(m) };
  },
};
