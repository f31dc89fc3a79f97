import { z } from 'zod';
import type { ComponentDef, Enricher } from '../../core/contracts.ts';
import { computeInfluence } from './formula.ts';

export { computeInfluence, PLATFORM_WEIGHTS, DEFAULT_PLATFORM_WEIGHT, SHARE_REACH, type Influence, type InfluenceOptions } from './formula.ts';

export const influenceConfigSchema = z
  .object({
    platformWeights: z
      .record(z.string(), z.number().min(0).max(1))
      .optional()
      .describe('Source kind → weight in [0, 1], merged over the defaults (twitter 1, reddit 0.9, mastodon 0.85, rss 0.8...).'),
    shareReach: z.number().nonnegative().optional().describe('People one share is assumed to reach when the platform gives no views (default 100).'),
  })
  .strict();
export type InfluenceConfig = z.infer<typeof influenceConfigSchema>;

/** The `influence` enricher: score 0–100 and estimated reach, from the documented formula. */
export const influence: ComponentDef<InfluenceConfig, Enricher<'influence'>> = {
  kind: 'influence',
  summary: 'Influence score 0-100 and reach from followers, engagement, verified status and platform',
  config: influenceConfigSchema,
  create(cfg) {
    const opts = { platformWeights: cfg.platformWeights, shareReach: cfg.shareReach };
    return { field: 'influence', enrich: (m) => computeInfluence(m, opts) };
  },
};
