import { z } from 'zod';
import { channelCommonShape, endpointSchema } from '../base.ts';

/** slack: Slack incoming webhook, Block Kit message. */
export const slackConfig = z
  .object({
    kind: z.literal('slack'),
    ...channelCommonShape,
    /** Incoming webhook URL (a secret: use an env reference). */
    url: endpointSchema,
  })
  .strict();
export type SlackConfig = z.infer<typeof slackConfig>;
