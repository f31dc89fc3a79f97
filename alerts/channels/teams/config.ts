import { z } from 'zod';
import { chatShape } from '../../../notify/chat.ts';
import { channelCommonShape } from '../base.ts';

/** teams: Microsoft Teams incoming webhook or Workflows ("Post to a channel when a webhook request is received"). */
export const teamsConfig = z
  .object({
    kind: z.literal('teams'),
    ...channelCommonShape,
    ...chatShape,
  })
  .strict();
export type TeamsConfig = z.infer<typeof teamsConfig>;
