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
        clientId: z.string().min(1).describe('Client id of the Reddit app (reddit.com/prefs/apps) approved for Data API access.'),
        clientSecret: secretSchema('Secret of the Reddit app (web and script apps; none for installed apps)').optional(),
        grant: z
          .enum(['client_credentials', 'installed_client', 'password'])
          .default('client_credentials')
          .describe('"client_credentials": application-only OAuth of a web or script app (needs clientSecret); "installed_client": application-only OAuth of an installed app (no secret); "password": a script app acting as its developer\'s account (needs username and password).'),
        username: z.string().min(1).optional().describe('Reddit account of a script app (grant "password").'),
        password: secretSchema('Password of that Reddit account (grant "password")').optional(),
      })
      .strict()
      .optional()
      .describe('The Reddit app Vigie authenticates as. Required: Reddit\'s Data API needs OAuth, and apps need Reddit\'s approval first (Responsible Builder Policy).'),
    redditUsername: z
      .string()
      .regex(/^[A-Za-z0-9_-]{3,20}$/, { message: 'must be a Reddit username without "/u/", e.g. "brulerie_veille"' })
      .optional()
      .describe('Reddit username to contact about this client, put in the User-Agent "<platform>:<app ID>:<version> (by /u/<name>)" as Reddit requires. Default: oauth.username.'),
    appId: z.string().regex(/^[A-Za-z0-9._-]{1,60}$/, { message: 'letters, digits, ".", "_" and "-" only, e.g. "ca.brulerie.vigie"' }).default('vigie').describe('Application identifier in the User-Agent, e.g. "ca.brulerie.vigie".'),
    limit: z.number().int().min(1).max(100).default(100).describe('Items per call (max 100).'),
    oauthBaseUrl: httpUrlSchema.default('https://oauth.reddit.com').describe('API base URL (OAuth).'),
    tokenUrl: httpUrlSchema.default('https://www.reddit.com/api/v1/access_token').describe('OAuth token endpoint.'),
    lookback: windowShape.lookback,
    ...httpOptionsShape,
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const p of redditConfigProblems(c)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
  });

/** What Reddit asks of a User-Agent: `<platform>:<app ID>:<version string> (by /u/<reddit username>)`. */
export const REDDIT_USER_AGENT = /^[\w.-]+:[\w.-]+:v?[\w.-]+ \(by \/u\/[\w-]+\)$/;

type OAuthFields = { clientSecret?: string; grant?: string; username?: string; password?: string };

/** Checks between fields; also run by the connector, since the config loader drops refinements. */
export function redditConfigProblems(c: { subreddit?: string; query?: string; comments?: boolean; oauth?: OAuthFields; redditUsername?: string; userAgent?: string }): Array<{ path: string[]; message: string }> {
  if (!c.oauth) {
    return [{ path: ['oauth'], message: 'is required: Reddit\'s Data API needs OAuth (unauthenticated clients are throttled to about 10 requests a minute and may be blocked). Register an app at reddit.com/prefs/apps, get it approved, then give oauth: { clientId, clientSecret: "${REDDIT_SECRET}" }' }];
  }
  const grant = c.oauth.grant ?? 'client_credentials';
  if (grant !== 'installed_client' && !c.oauth.clientSecret) return [{ path: ['oauth', 'clientSecret'], message: `is required for grant "${grant}"` }];
  if (grant === 'password' && (!c.oauth.username || !c.oauth.password)) return [{ path: ['oauth', 'username'], message: 'username and password are required for grant "password" (a script app acting as its developer\'s account)' }];
  if (c.userAgent !== undefined && !REDDIT_USER_AGENT.test(c.userAgent)) return [{ path: ['userAgent'], message: 'must follow Reddit\'s form "<platform>:<app ID>:<version> (by /u/<name>)", e.g. "linux:ca.brulerie.vigie:v1.0.0 (by /u/brulerie_veille)"; or leave it out and set redditUsername' }];
  if (c.userAgent === undefined && !c.redditUsername && !(grant === 'password' && c.oauth.username)) return [{ path: ['redditUsername'], message: 'is required: Reddit wants a contact in the User-Agent ("... (by /u/<name>)")' }];
  if (!c.subreddit && !c.query) return [{ path: ['subreddit'], message: 'a subreddit or a query (or both) is required' }];
  if (c.comments && c.query) return [{ path: ['comments'], message: 'cannot be combined with a query (Reddit search returns posts only)' }];
  if (c.comments && !c.subreddit) return [{ path: ['comments'], message: 'needs a subreddit' }];
  return [];
}

export type RedditConfig = z.infer<typeof redditConfigSchema>;
