import { z } from 'zod';
import { webhookShape } from '../../../notify/webhook.ts';
import { channelCommonShape } from '../base.ts';

/** webhook: signed JSON POST to any receiver. */
export const webhookConfig = z
  .object({
    kind: z.literal('webhook'),
    ...channelCommonShape,
    ...webhookShape,
  })
  .strict();
export type WebhookConfig = z.infer<typeof webhookConfig>;
