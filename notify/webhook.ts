import { z } from 'zod';
import { requestTimeoutSchema } from '../core/duration.ts';
import { headersSchema } from '../core/headers.ts';
import { endpointSchema, postJson } from './http.ts';
import { SIGNATURE_HEADER, sign } from './signature.ts';

/** Where a signed JSON POST goes: the fields of the `webhook` alert channel and of the `webhook` report target. */
export const webhookShape = {
  url: endpointSchema,
  /**
   * HMAC secrets, from env references (`${VIGIE_WEBHOOK_SECRET}`). Vigie signs with the first
   * only: to rotate, first make receivers accept both, then list the new one first and the old
   * one second, then drop the old one once every receiver has the new one.
   */
  secrets: z.array(z.string().min(16, 'must be at least 16 characters')).min(1).max(2),
  /** Extra headers (e.g. an API gateway key, from an env reference). */
  headers: headersSchema.optional(),
  /** Time allowed for one HTTP attempt. */
  timeout: requestTimeoutSchema.prefault('10s'),
};
const webhookTarget = z.object(webhookShape);
export type WebhookTarget = z.infer<typeof webhookTarget>;

/**
 * POSTs a JSON body signed with the first secret at unix time `nowS` (`X-Vigie-Signature`),
 * with the target's extra headers and the caller's event headers.
 */
export async function postWebhook(t: WebhookTarget, body: string, eventHeaders: Record<string, string>, nowS: number, signal: AbortSignal, what: string): Promise<void> {
  await postJson(t.url, body, { ...(t.headers ?? {}), [SIGNATURE_HEADER]: sign(t.secrets[0]!, nowS, body), ...eventHeaders }, signal, t.timeout, what);
}
