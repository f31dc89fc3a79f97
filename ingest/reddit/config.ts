import { z } from 'zod';
import { httpUrlSchema } from '../rss/config.ts';
import { httpOptionsShape, secretSchema, windowShape } from '../kit/connector/config.ts';

/** Config of the `reddit` connector. Unknown keys are errors. */
export const redditConfigSchema = z
  .object({
    subreddit: z
      .string()
      .regex(/^[A-Za-z0-9_]{2,21}$/, { message: 'must be a subreddit name without "r/", e.g. "quebec"' })
      .optional()
      .describe('Subreddit to read (without "r/"). With a query, the search is restricted to it.'),
    query: z.string().min(1).optional().describe('Search terms (Reddit search syntax), sorted by new. Without a subreddit: all of Reddit.'),
    comments: z.boolean().default(false).describe('Read the subreddit\'s new comments (/r/<sub>/comments.json) instead of its new posts. Not with a query.'),
    oauth: z
      .object({
        clientId: z.string().min(1).describe('Reddit app client id.'),
        clientSecret: secretSchema('Reddit app secret'),
      })
      .strict()
      .optional()
      .describe('Optional Reddit app (client credentials): calls go to oauth.reddit.com with a bearer token and get the higher OAuth rate limit.'),
    limit: z.number().int().min(1).max(100).default(100).describe('Items per call (max 100).'),
    baseUrl: httpUrlSchema.default('https://www.reddit.com').describe('Base URL without OAuth.'),
    oauthBaseUrl: httpUrlSchema.default('https://oauth.reddit.com').describe('Base URL with OAuth.'),
    tokenUrl: httpUrlSchema.default('https://www.reddit.com/api/v1/access_token').describe('OAuth token endpoint.'),
    lookback: windowShape.lookback,
    ...httpOptionsShape,
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const p of redditConfigProblems(c)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
  });

/** Checks between fields; also run by the connector, since the config loader drops refinements. */
export function redditConfigProblems(c: { subreddit?: string; query?: string; comments?: boolean }): Array<{ path: string[]; message: string }> {
  if (!c.subreddit && !c.query) return [{ path: ['subreddit'], message: 'a subreddit or a query (or both) is required' }];
  if (c.comments && c.query) return [{ path: ['comments'], message: 'cannot be combined with a query (Reddit search returns posts only)' }];
  if (c.comments && !c.subreddit) return [{ path: ['comments'], message: 'needs a subreddit' }];
  return [];
}

export type RedditConfig = z.infer<typeof redditConfigSchema>;
