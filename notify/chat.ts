import { z } from 'zod';
import { requestTimeoutSchema } from '../core/duration.ts';
import { endpointSchema, postJson } from './http.ts';

/**
 * Where a chat message goes: the fields of the `slack` and `teams` alert channels and report
 * targets. Slack incoming webhooks answer 200 "ok" and 4xx codes such as invalid_blocks (not
 * retried); Teams takes an incoming-webhook or a Workflows URL.
 */
export const chatShape = {
  /** Incoming webhook (or Teams Workflows) URL: a secret, use an env reference. */
  url: endpointSchema,
  /** Time allowed for one HTTP attempt. */
  timeout: requestTimeoutSchema.prefault('10s'),
};
const chatTarget = z.object(chatShape);
export type ChatTarget = z.infer<typeof chatTarget>;

/** POSTs a rendered Slack Block Kit or Teams Adaptive Card message. */
export async function postChat(t: ChatTarget, message: Record<string, unknown>, signal: AbortSignal, what: string): Promise<void> {
  await postJson(t.url, JSON.stringify(message), {}, signal, t.timeout, what);
}
