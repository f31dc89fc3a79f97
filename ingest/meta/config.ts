import { z } from 'zod';
import { httpUrlSchema } from '../rss/config.ts';
import { httpOptionsShape, secretSchema, windowShape } from '../kit/connector/config.ts';

/** Graph API fields shared by the `facebook` and `instagram` connectors. */
const graphShape = {
  accessToken: secretSchema('Graph API access token (a Page token for facebook, a token of the Instagram business account\'s user for instagram); sent as a Bearer header'),
  appSecret: secretSchema('App secret: when set, every call carries appsecret_proof (required by apps that enforce it)').optional(),
  apiVersion: z.string().regex(/^v\d+\.\d+$/, { message: 'must look like "v21.0"' }).default('v21.0').describe('Graph API version.'),
  baseUrl: httpUrlSchema.default('https://graph.facebook.com').describe('Graph API base URL.'),
  usageLimit: z
    .number()
    .min(1)
    .max(100)
    .default(90)
    .describe('Pause the source when x-app-usage / x-business-use-case-usage reports this percentage of a limit used.'),
  lookback: windowShape.lookback,
  ...httpOptionsShape,
};

/** Config of the `facebook` connector: a Page's posts and the comments on its recent posts. */
export const facebookConfigSchema = z
  .object({
    pageId: z.string().regex(/^\d+$/, { message: 'must be the numeric Page id' }).describe('Numeric id of the Facebook Page.'),
    commentsOnLatest: z
      .number()
      .int()
      .min(0)
      .max(50)
      .default(10)
      .describe('Read new comments on this many of the Page\'s latest posts at each poll (one call per post and page); 0 = posts only.'),
    commentPages: z.number().int().min(1).max(100).default(10).describe('Pages of 100 comments read per post and poll (paging.next). More new comments than that on one post between two polls are not read (a warning says so): poll more often or raise it.'),
    ...graphShape,
  })
  .strict();

/** Config of the `instagram` connector: recent media of a hashtag. */
export const instagramConfigSchema = z
  .object({
    userId: z.string().regex(/^\d+$/, { message: 'must be the numeric Instagram business account id' }).describe('Instagram business or creator account id making the calls (user_id).'),
    hashtag: z
      .string()
      .regex(/^[\p{L}\p{N}_]+$/u, { message: 'must be a hashtag without "#", e.g. "briotelecom"' })
      .describe('Hashtag (without #). Instagram allows 30 distinct hashtags per account per 7 days.'),
    maxPages: z
      .number()
      .int()
      .min(1)
      .max(200)
      .default(20)
      .describe('Pages of 50 recent media read per poll. recent_media is not in chronological order, so each poll reads the whole 24-hour window (up to this many pages) and drops the media already seen by id.'),
    ownedMedia: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(5)
      .describe("Owned accounts (watch[].owned.instagram): the latest media of each whose comments and replies are read every poll (one call, plus one per media with comments)."),
    ...graphShape,
  })
  .strict();

export type FacebookConfig = z.infer<typeof facebookConfigSchema>;
export type InstagramConfig = z.infer<typeof instagramConfigSchema>;
