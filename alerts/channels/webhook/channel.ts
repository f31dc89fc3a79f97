import type { Clock } from '../../../core/clock.ts';
import type { Alert, Channel } from '../../contracts.ts';
import { alertOfView, fitPage } from '../../page.ts';
import { plainText, titleOf } from '../../render.ts';
import type { WebhookConfig } from './config.ts';
import { postWebhook } from '../../../notify/webhook.ts';
import { webhookFits } from '../../../notify/limits.ts';

/**
 * The JSON body receivers get (version 2: events belong to incidents, `alert.incidentId` and
 * `alert.rules`, and a quiet `updated` type exists; version 1 fields are unchanged): the alert as it is. When the evidence would make it larger than WEBHOOK_MAX_BYTES (notify/limits.ts),
 * `alert.evidence` keeps fewer samples, terms and authors (cut texts, long URLs as their origin)
 * and `omitted` says how many of each were left out.
 */
export function webhookBody(a: Alert, lang: WebhookConfig['language']): string {
  const whole = JSON.stringify({ version: 2, title: titleOf(a, lang), text: plainText(a, lang), alert: a });
  if (webhookFits(whole)) return whole;
  return fitPage(
    a,
    (v) => {
      const t = alertOfView(a, v);
      const omitted = { samples: v.samplesOmitted, terms: v.termsOmitted, authors: v.authorsOmitted };
      const some = omitted.samples + omitted.terms + omitted.authors > 0;
      return JSON.stringify({ version: 2, title: titleOf(a, lang), text: plainText(t, lang), alert: t, ...(some ? { omitted } : {}) });
    },
    webhookFits,
  );
}

/** Signed JSON webhook. Receivers can dedupe on `X-Vigie-Delivery` (the event id) and group on `X-Vigie-Incident`. */
export class WebhookChannel implements Channel {
  constructor(
    private readonly cfg: WebhookConfig,
    private readonly clock: Clock,
  ) {}

  async send(alert: Alert, signal: AbortSignal): Promise<void> {
    const body = webhookBody(alert, this.cfg.language);
    const t = Math.floor(this.clock.now() / 1000);
    await postWebhook(this.cfg, body, { 'X-Vigie-Delivery': alert.id, 'X-Vigie-Event': alert.type, 'X-Vigie-Incident': alert.incidentId ?? alert.episodeId }, t, signal, `webhook ${this.cfg.name}`);
  }
}
