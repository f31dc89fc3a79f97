import { z } from 'zod';
import { chatShape } from '../../../notify/chat.ts';
import { channelCommonShape } from '../base.ts';

/** slack: Slack incoming webhook, Block Kit message. */
export const slackConfig = z
  .object({
    kind: z.literal('slack'),
    ...channelCommonShape,
    ...chatShape,
  })
  .strict();
export type SlackConfig = z.infer<typeof slackConfig>;
