import { z } from 'zod';
import { silenceTimeoutSchema } from '../../core/duration.ts';
import { httpOptionsShape, secretSchema, windowShape } from '../connector-kit/config.ts';
import { httpUrlSchema } from '../rss/config.ts';

const ruleSchema = z
  .object({
    value: z.string().min(1).max(1024).describe('Filtered-stream rule, same operators as search, e.g. "\\"brulerie boreale\\" lang:fr -is:retweet".'),
    tag: z.string().min(1).max(100).optional().describe('Label of the rule (Vigie prefixes it with the source name).'),
  })
  .strict();

/** Config of the `x` connector (X API v2). Unknown keys are errors. */
export const xConfigSchema = z
  .object({
    query: z.string().min(1).max(4096).optional().describe('Recent search query, e.g. "(\\"brûlerie boréale\\" OR #brulerieboreale) -is:retweet". Also the stream rule when `rules` is not given.'),
    rules: z.array(ruleSchema).min(1).optional().describe('Filtered-stream rules for mode "stream" (default: one rule, the query).'),
    bearerToken: secretSchema('X API v2 app-only bearer token'),
    baseUrl: httpUrlSchema.default('https://api.x.com').describe('API base URL.'),
    maxResults: z.number().int().min(10).max(100).default(100).describe('Posts per recent-search page (10 to 100).'),
    mode: z.enum(['poll', 'stream']).default('poll').describe('"poll" recent search every interval, or "stream" the filtered stream (one connection per app).'),
    silenceTimeout: silenceTimeoutSchema.prefault('60s').describe('Restart the stream when nothing, not even the 20-second keep-alive, arrived for this long.'),
    catchUp: z.boolean().default(true).describe('On (re)connecting the stream, first read by recent search (since_id) what was posted while disconnected (needs `query`).'),
    syncRules: z.boolean().default(true).describe('Make the app\'s stream rules tagged for this source match `rules` before connecting (other rules are left alone).'),
    ...windowShape,
    ...httpOptionsShape,
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const p of xConfigProblems(c)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
  });

export type XConfig = z.infer<typeof xConfigSchema>;

/** Rules across fields, shared by the schema and the connector (the loader's merge drops refinements). */
export function xConfigProblems(c: { mode: string; query?: string; rules?: unknown[] }): Array<{ path: string; message: string }> {
  if (!c.query && (c.mode === 'poll' || !c.rules?.length)) return [{ path: 'query', message: 'is required (the recent search query, or give `rules` for mode "stream")' }];
  return [];
}
