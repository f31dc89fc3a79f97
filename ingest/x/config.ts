import { z } from 'zod';
import { silenceTimeoutSchema } from '../../core/duration.ts';
import { httpOptionsShape, secretSchema, windowShape } from '../kit/connector/config.ts';
import { httpUrlSchema } from '../rss/config.ts';

const ruleSchema = z
  .object({
    value: z.string().min(1).max(2048).describe('Filtered-stream rule, same operators as search, e.g. "\\"brulerie boreale\\" lang:fr -is:retweet".'),
    tag: z.string().min(1).max(100).optional().describe('Label of the rule (Vigie prefixes it with the source name).'),
  })
  .strict();

/**
 * What X allows each access level (docs.x.com, 2026): recent-search query length, and filtered
 * stream rules per app. Pay-per-use is the default access for new developer accounts.
 */
export const X_TIERS = {
  'pay-per-use': { queryChars: 512, rules: 1000, ruleChars: 1024 },
  enterprise: { queryChars: 4096, rules: 25_000, ruleChars: 2048 },
} as const;
export type XTier = keyof typeof X_TIERS;

/** Config of the `x` connector (X API v2). Unknown keys are errors. */
export const xConfigSchema = z
  .object({
    query: z.string().min(1).max(4096).optional().describe('Recent search query, e.g. "(\\"brûlerie boréale\\" OR #brulerieboreale) -is:retweet"; at most 512 characters (4,096 with Enterprise access). Also the stream rule when `rules` is not given.'),
    accessTier: z
      .enum(['pay-per-use', 'enterprise'])
      .default('pay-per-use')
      .describe('X API access of the app: sets the limits checked here (pay-per-use: queries of 512 characters, 1,000 stream rules of 1,024; Enterprise: 4,096, 25,000 rules of 2,048). Older Basic/Pro plans: "pay-per-use", with maxRules lowered to the plan.'),
    maxRules: z.number().int().positive().optional().describe('Stream rules the app may hold, when the plan allows fewer than its access level (default: 1,000, or 25,000 with Enterprise).'),
    rules: z.array(ruleSchema).min(1).optional().describe('Filtered-stream rules for mode "stream" (default: one rule, the query).'),
    bearerToken: secretSchema('X API v2 app-only bearer token'),
    baseUrl: httpUrlSchema.default('https://api.x.com').describe('API base URL.'),
    maxResults: z.number().int().min(10).max(100).default(100).describe('Posts per recent-search page (10 to 100).'),
    mode: z.enum(['poll', 'stream']).default('poll').describe('"poll" recent search every interval, or "stream" the filtered stream (one connection per app).'),
    silenceTimeout: silenceTimeoutSchema.prefault('20s').describe('Restart the stream when nothing, not even the keep-alive newline, arrived for this long (X: reconnect after 20 seconds of silence).'),
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
export function xConfigProblems(c: { mode: string; query?: string; rules?: Array<{ value?: string }>; accessTier?: string; maxRules?: number }): Array<{ path: string; message: string }> {
  if (!c.query && (c.mode === 'poll' || !c.rules?.length)) return [{ path: 'query', message: 'is required (the recent search query, or give `rules` for mode "stream")' }];
  const tier = (c.accessTier ?? 'pay-per-use') as XTier;
  const limits = X_TIERS[tier] ?? X_TIERS['pay-per-use'];
  const out: Array<{ path: string; message: string }> = [];
  if (c.query && c.query.length > limits.queryChars) {
    out.push({ path: 'query', message: `is ${c.query.length} characters; X accepts ${limits.queryChars} with ${tier} access (4,096 only with Enterprise): split it into several sources` });
  }
  const maxRules = c.maxRules ?? limits.rules;
  if ((c.rules?.length ?? 0) > maxRules) out.push({ path: 'rules', message: `has ${c.rules!.length} rules; the app may hold ${maxRules}` });
  const long = (c.rules ?? []).findIndex((r) => (r.value?.length ?? 0) > limits.ruleChars);
  if (long >= 0) out.push({ path: 'rules', message: `rule ${long} is ${c.rules![long]!.value!.length} characters; X accepts ${limits.ruleChars} with ${tier} access` });
  return out;
}
