import { z } from 'zod';
import { durationSchema } from '../core/duration.ts';
import { endpointSchema, postJson } from './http.ts';
import { SIGNATURE_HEADER, sign } from './signature.ts';

/** Where a signed JSON POST goes: the fields of the `webhook` alert channel and of the `webhook` report target. */
export const webhookShape = {
  url: endpointSchema,
  /**
   * HMAC secrets, from env references (`${VIGIE_WEBHOOK_SECRET}`). Vigie signs with the first;
   * during a rotation list the new one first and the old one second, and have receivers accept
   * both until they are updated.
   */
  secrets: z.array(z.string().min(16, 'must be at least 16 characters')).min(1).max(2),
  /** Extra headers (e.g. an API gateway key, from an env reference). */
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string()).optional(),
  /** Time allowed for one HTTP attempt. */
  timeout: durationSchema.prefault('10s'),
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
