import { z } from 'zod';
import { silenceTimeoutSchema } from '../../core/duration.ts';
import { httpOptionsShape, secretSchema } from '../kit/connector/config.ts';
import { httpUrlSchema } from '../rss/config.ts';

/** Config of the `mastodon` connector. Unknown keys are errors. */
export const mastodonConfigSchema = z
  .object({
    baseUrl: httpUrlSchema.describe('Base URL of the Mastodon instance, e.g. "https://mastodon.social".'),
    timeline: z.enum(['tag', 'public']).default('tag').describe('"tag": the hashtag timeline of `tag`; "public": the public timeline (with `local` / `remote`).'),
    tag: z
      .string()
      .regex(/^#?[\p{L}\p{N}_]+$/u, { message: 'must be one hashtag, letters, digits and "_" only, e.g. "montreal"' })
      .transform((t) => t.replace(/^#/, ''))
      .optional()
      .describe('Hashtag to follow, without "#" (timeline "tag").'),
    local: z.boolean().default(false).describe('Public timeline: only posts of this instance.'),
    remote: z.boolean().default(false).describe('Public timeline: only posts from other instances.'),
    streamingUrl: z
      .string()
      .regex(/^(wss?|https?):\/\//, { message: 'must be an absolute wss:// or https:// URL, e.g. "wss://streaming.mastodon.social"' })
      .optional()
      .describe('Streaming server of the instance, when it is not found automatically (default: the instance document\'s configuration.urls.streaming, else where /api/v1/streaming redirects, else baseUrl).'),
    token: secretSchema('Mastodon access token (read scope); required for streaming, optional for polling').optional(),
    limit: z.number().int().min(1).max(40).default(40).describe('Statuses per request (Mastodon allows at most 40).'),
    mode: z.enum(['poll', 'stream']).default('poll').describe('"poll" every interval, or "stream" through the streaming API (Server-Sent Events; needs `token`).'),
    silenceTimeout: silenceTimeoutSchema.prefault('90s').describe('Restart the stream when nothing (not even the 15-second heartbeat) arrived for this long.'),
    catchUp: z.boolean().default(true).describe('On (re)connecting a stream, first read through the REST timeline what was posted since the saved cursor.'),
    excludeBots: z.boolean().default(false).describe('Leave out posts of accounts flagged as bots.'),
    ...httpOptionsShape,
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const p of mastodonConfigProblems(c)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
  });

export type MastodonConfig = z.infer<typeof mastodonConfigSchema>;

/** Rules across fields, shared by the schema and the connector (the loader's merge drops refinements). */
export function mastodonConfigProblems(c: { timeline: string; tag?: string; mode: string; token?: string; local: boolean; remote: boolean }): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  if (c.timeline === 'tag' && !c.tag) out.push({ path: 'tag', message: 'is required when timeline is "tag" (e.g. tag: "montreal")' });
  if (c.mode === 'stream' && !c.token) out.push({ path: 'token', message: 'is required for mode "stream": Mastodon streaming needs an access token (give it as "${MASTODON_TOKEN}")' });
  if (c.local && c.remote) out.push({ path: 'remote', message: 'cannot be combined with local: choose one' });
  return out;
}
