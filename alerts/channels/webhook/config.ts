import { z } from 'zod';
import { headersSchema } from '../../../core/headers.ts';
import { channelCommonShape, endpointSchema } from '../base.ts';

/** webhook: signed JSON POST to any receiver. */
export const webhookConfig = z
  .object({
    kind: z.literal('webhook'),
    ...channelCommonShape,
    url: endpointSchema,
    /**
     * HMAC secrets, from env references (`${VIGIE_WEBHOOK_SECRET}`). Vigie signs with the first
     * only: to rotate, first make receivers accept both, then list the new one first and the old
     * one second, then drop the old one once every receiver has the new one.
     */
    secrets: z.array(z.string().min(16, 'must be at least 16 characters')).min(1).max(2),
    /** Extra headers (e.g. an API gateway key, from an env reference). */
    headers: headersSchema.optional(),
  })
  .strict();
export type WebhookConfig = z.infer<typeof webhookConfig>;
