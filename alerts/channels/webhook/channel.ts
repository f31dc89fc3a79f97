import type { Clock } from '../../../core/clock.ts';
import type { Alert, Channel } from '../../contracts.ts';
import { plainText, titleOf } from '../../render.ts';
import { postJson } from '../base.ts';
import type { WebhookConfig } from './config.ts';
import { SIGNATURE_HEADER, sign } from './signature.ts';

/**
 * The JSON body receivers get. Version 2: events belong to incidents (`alert.incidentId`,
 * `alert.rules`) and a quiet `updated` type exists; version 1 fields are unchanged.
 */
export function webhookBody(a: Alert, lang: WebhookConfig['language']): string {
  return JSON.stringify({ version: 2, title: titleOf(a, lang), text: plainText(a, lang), alert: a });
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
    await postJson(
      this.cfg.url,
      body,
      { ...(this.cfg.headers ?? {}), [SIGNATURE_HEADER]: sign(this.cfg.secrets[0]!, t, body), 'X-Vigie-Delivery': alert.id, 'X-Vigie-Event': alert.type, 'X-Vigie-Incident': alert.incidentId ?? alert.episodeId },
      signal,
      this.cfg.timeout,
      `webhook ${this.cfg.name}`,
    );
  }
}
