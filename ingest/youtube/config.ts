import { z } from 'zod';
import { httpUrlSchema } from '../rss/config.ts';
import { httpOptionsShape, secretSchema, windowShape } from '../kit/connector/config.ts';

/** Config of the `youtube` connector (Data API v3). Unknown keys are errors. */
export const youtubeConfigSchema = z
  .object({
    apiKey: secretSchema('YouTube Data API v3 key (sent in the X-Goog-Api-Key header)'),
    read: z
      .enum(['videos', 'comments'])
      .default('videos')
      .describe('"videos": new videos from search.list (query and/or channelId) with their statistics; "comments": comment threads of videoId or of every video of channelId.'),
    query: z.string().min(1).optional().describe('Search terms (read: videos).'),
    channelId: z.string().regex(/^UC[\w-]{22}$/, { message: 'must be a channel id such as "UCxxxxxxxxxxxxxxxxxxxxxx"' }).optional().describe('Channel id (UC...): its new videos, or with read: comments all its comment threads.'),
    videoId: z.string().regex(/^[\w-]{11}$/, { message: 'must be an 11-character video id' }).optional().describe('Watched video (read: comments).'),
    dailyQuota: z
      .number()
      .int()
      .positive()
      .default(10_000)
      .describe('Units this source may spend per day on videos.list and commentThreads.list (1 unit a call). Split the project\'s 10,000 daily units between YouTube sources; the day resets at midnight Pacific time.'),
    dailySearches: z
      .number()
      .int()
      .positive()
      .default(100)
      .describe('search.list calls this source may make per day (each page is a call). search.list has its own bucket, 100 calls a day by default per project: split it between YouTube sources. 100 a day allows one poll every 15 minutes.'),
    baseUrl: httpUrlSchema.default('https://www.googleapis.com/youtube/v3').describe('API base URL.'),
    ...windowShape,
    ...httpOptionsShape,
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const p of youtubeConfigProblems(c)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
  });

/** Checks between fields; also run by the connector, since the config loader drops refinements. */
export function youtubeConfigProblems(c: { read?: string; query?: string; channelId?: string; videoId?: string }): Array<{ path: string[]; message: string }> {
  if ((c.read ?? 'videos') === 'videos') {
    if (!c.query && !c.channelId) return [{ path: ['query'], message: 'read: videos needs a query or a channelId (or both)' }];
    if (c.videoId) return [{ path: ['videoId'], message: 'is only used with read: comments' }];
    return [];
  }
  if (Boolean(c.videoId) === Boolean(c.channelId)) return [{ path: ['videoId'], message: 'read: comments needs exactly one of videoId and channelId' }];
  if (c.query) return [{ path: ['query'], message: 'is only used with read: videos' }];
  return [];
}

export type YoutubeConfig = z.infer<typeof youtubeConfigSchema>;
