import { z } from 'zod';
import { httpUrlSchema } from '../rss/config.ts';
import { httpOptionsShape, secretSchema, windowShape } from '../kit/connector/config.ts';

/** Config of the `discourse` connector. Unknown keys are errors. */
export const discourseConfigSchema = z
  .object({
    url: httpUrlSchema.describe('Base URL of the forum, e.g. "https://forum.example.com" (a sub-folder install keeps its path).'),
    mode: z
      .enum(['posts', 'topics', 'search'])
      .optional()
      .describe('"posts": every new post (/posts.json); "topics": new topics (/latest.json); "search": posts matching `query` (/search.json). Default "search" with a query, else "posts".'),
    query: z.string().min(1).optional().describe('Search terms for mode "search" (Discourse search syntax; "order:latest" is added).'),
    auth: z
      .object({
        apiKey: secretSchema('Discourse API key (Api-Key header), for private forums or higher rate limits'),
        apiUsername: z.string().min(1).describe('User the API key acts as (Api-Username header).'),
      })
      .strict()
      .optional()
      .describe('Optional API credentials; public forums need none.'),
    lookback: windowShape.lookback,
    ...httpOptionsShape,
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const p of discourseConfigProblems(c)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
  });

/**
 * Checks between fields. The config loader extends the common source fields with this schema's
 * shape, which drops refinements, so the connector also runs them when it is created.
 */
export function discourseConfigProblems(c: { mode?: string; query?: string }): Array<{ path: string[]; message: string }> {
  const mode = c.mode ?? (c.query ? 'search' : 'posts');
  if (mode === 'search' && !c.query) return [{ path: ['query'], message: 'is required with mode "search"' }];
  if (mode !== 'search' && c.query) return [{ path: ['query'], message: `is only used with mode "search", got mode "${mode}" (remove query or set mode: search)` }];
  return [];
}

export type DiscourseConfig = z.infer<typeof discourseConfigSchema>;
