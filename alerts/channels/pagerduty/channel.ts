import type { Alert, AlertType, Channel } from '../../contracts.ts';
import { postJson } from '../../../notify/http.ts';
import type { PagerdutyConfig } from './config.ts';
import { pagerdutyEvent } from './event.ts';

/** PagerDuty Events API v2 (202 accepted; 400 invalid event is not retried; 429 and 5xx are). */
export class PagerdutyChannel implements Channel {
  constructor(private readonly cfg: PagerdutyConfig) {}

  /** Quiet updates send nothing: a new trigger would be the page the incident must not repeat. */
  accepts(type: AlertType): boolean {
    return type !== 'updated';
  }

  async send(alert: Alert, signal: AbortSignal): Promise<void> {
    await postJson(this.cfg.url, JSON.stringify(pagerdutyEvent(alert, this.cfg, this.cfg.language)), {}, signal, this.cfg.timeout, `pagerduty ${this.cfg.name}`);
  }
}
