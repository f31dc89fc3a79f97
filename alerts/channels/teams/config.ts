import { z } from 'zod';
import { channelCommonShape, endpointSchema } from '../base.ts';

/** teams: Microsoft Teams incoming webhook or Workflows ("Post to a channel when a webhook request is received"). */
export const teamsConfig = z
  .object({
    kind: z.literal('teams'),
    ...channelCommonShape,
    /** Webhook or Workflows URL (a secret: use an env reference). */
    url: endpointSchema,
  })
  .strict();
export type TeamsConfig = z.infer<typeof teamsConfig>;
