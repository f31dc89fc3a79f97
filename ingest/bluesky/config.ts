import { z } from 'zod';
import { durationSchema, silenceTimeoutSchema } from '../../core/duration.ts';
import { httpOptionsShape, secretSchema, windowShape } from '../kit/connector/config.ts';
import { httpUrlSchema } from '../rss/config.ts';

const wsUrlSchema = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === 'wss:' || u.protocol === 'ws:';
  } catch {
    return false;
  }
}, { message: 'must be an absolute ws(s) URL, e.g. "wss://jetstream2.us-east.bsky.network"' });

/** Config of the `bluesky` connector. Unknown keys are errors. */
export const blueskyConfigSchema = z
  .object({
    query: z.string().min(1).optional().describe('searchPosts query (Lucene-like syntax), for polling and backfill, e.g. "\\"brûlerie boréale\\" OR #brulerieboreale".'),
    terms: z
      .array(z.string().min(1))
      .optional()
      .describe('Words or phrases a firehose post must contain (any of them) to be kept, matched without regard to case or accents. Required for mode "stream".'),
    lang: z.string().min(2).optional().describe('searchPosts: only posts declared in this language, e.g. "fr".'),
    identifier: z.string().min(1).optional().describe('Handle, DID or email of the Bluesky account Vigie logs in with (required for polling and backfill: searchPosts needs a logged-in session), e.g. "veille.example.com".'),
    appPassword: secretSchema('App password of that account (Settings → Privacy and security → App passwords), not the account password').optional(),
    service: httpUrlSchema
      .default('https://bsky.social')
      .describe('Where the account logs in: "https://bsky.social" for accounts hosted by Bluesky, else your PDS URL. Calls then go to the account\'s own PDS (from its DID document).'),
    appview: z
      .string()
      .regex(/^did:[a-z]+:[^#\s]+#[\w-]+$/, { message: 'must be a service reference such as "did:web:api.bsky.app#bsky_appview"' })
      .default('did:web:api.bsky.app#bsky_appview')
      .describe('AppView the PDS forwards app.bsky.* calls to (atproto-proxy header).'),
    publicApi: httpUrlSchema
      .default('https://public.api.bsky.app')
      .describe('Public AppView read without login for the owned accounts\' feeds (app.bsky.feed.getAuthorFeed) when no identifier/appPassword is set; with a session, the PDS is used.'),
    jetstreamUrl: wsUrlSchema.default('wss://jetstream2.us-east.bsky.network').describe('Jetstream instance for mode "stream" (no login needed).'),
    limit: z.number().int().min(1).max(100).default(100).describe('Posts per searchPosts page (at most 100).'),
    mode: z.enum(['poll', 'stream']).default('poll').describe('"poll" searchPosts every interval, or "stream" the Jetstream firehose filtered by `terms`.'),
    silenceTimeout: silenceTimeoutSchema.prefault('60s').describe('Restart the firehose connection when no event at all arrived for this long.'),
    rewind: durationSchema.prefault('5s').describe('On reconnecting, resume this far before the saved time cursor (gapless playback; repeats collapse by id).'),
    ...windowShape,
    ...httpOptionsShape,
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const p of blueskyConfigProblems(c)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
  });

export type BlueskyConfig = z.infer<typeof blueskyConfigSchema>;

/** Rules across fields, shared by the schema and the connector (the loader's merge drops refinements). */
export function blueskyConfigProblems(c: { mode: string; query?: string; terms?: string[]; identifier?: string; appPassword?: string }): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  if (c.mode === 'poll' && (!c.identifier || !c.appPassword)) {
    out.push({
      path: c.identifier ? 'appPassword' : 'identifier',
      message:
        'identifier and appPassword are required for mode "poll": Bluesky has refused searchPosts without login since 2025 (and any logged-out request with a cursor). Create an app password in Settings → Privacy and security → App passwords and give it as "${BLUESKY_APP_PASSWORD}"; mode "stream" (Jetstream) needs none',
    });
  }
  if (c.mode === 'stream' && !c.terms?.length) out.push({ path: 'terms', message: 'is required for mode "stream": the firehose carries every post, terms choose which to keep' });
  if (c.mode === 'poll' && !c.query) out.push({ path: 'query', message: 'is required for mode "poll" (the searchPosts query)' });
  return out;
}
