import type { Clock } from '../../../core/clock.ts';
import type { Alert, Channel } from '../../contracts.ts';
import { plainText, titleOf } from '../../render.ts';
import type { WebhookConfig } from './config.ts';
import { postWebhook } from '../../../notify/webhook.ts';

/** The JSON body receivers get. */
export function webhookBody(a: Alert, lang: WebhookConfig['language']): string {
  return JSON.stringify({ version: 1, title: titleOf(a, lang), text: plainText(a, lang), alert: a });
}

/** Signed JSON webhook. Receivers can dedupe on `X-Vigie-Delivery` (the alert event id). */
export class WebhookChannel implements Channel {
  constructor(
    private readonly cfg: WebhookConfig,
    private readonly clock: Clock,
  ) {}

  async send(alert: Alert, signal: AbortSignal): Promise<void> {
    const body = webhookBody(alert, this.cfg.language);
    const t = Math.floor(this.clock.now() / 1000);
    await postWebhook(this.cfg, body, { 'X-Vigie-Delivery': alert.id, 'X-Vigie-Event': alert.type }, t, signal, `webhook ${this.cfg.name}`);
  }
}
