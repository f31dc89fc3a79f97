import { z } from 'zod';
import { httpUrlSchema } from '../rss/config.ts';
import { httpOptionsShape, windowShape } from '../kit/connector/config.ts';

/** Config of the `hackernews` connector (Algolia HN Search API, no auth). Unknown keys are errors. */
export const hackernewsConfigSchema = z
  .object({
    query: z.string().min(1).describe('Full-text query sent to HN Search, e.g. "brio telecom".'),
    types: z
      .array(z.enum(['story', 'comment', 'poll', 'show_hn', 'ask_hn']))
      .min(1)
      .default(['story', 'comment'])
      .describe('Item types to read (Algolia tags, OR-ed). Default stories and comments.'),
    hitsPerPage: z.number().int().min(1).max(1000).default(100).describe('Items per API call (max 1000).'),
    baseUrl: httpUrlSchema.default('https://hn.algolia.com/api/v1').describe('HN Search API base URL.'),
    ...windowShape,
    ...httpOptionsShape,
  })
  .strict();

export type HackernewsConfig = z.infer<typeof hackernewsConfigSchema>;
