import { VigieError } from '../../../core/errors.ts';
import type { Alert, AlertType, Channel } from '../../contracts.ts';
import { postJson } from '../base.ts';
import { slackMessage } from './blocks.ts';
import type { SlackConfig } from './config.ts';

/** Web API errors worth retrying; every other `ok: false` needs a config fix (invalid_auth, channel_not_found...). */
const RETRIABLE = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

/**
 * Slack. With the Web API an incident is one thread: the opening is a channel message, quiet
 * updates are thread replies, escalations and the resolution are replies also sent to the
 * channel (`reply_broadcast`). With an incoming webhook (answers 200 "ok"; 4xx codes such as
 * invalid_blocks are not retried) there is no thread: quiet updates are not sent.
 */
export class SlackChannel implements Channel {
  constructor(private readonly cfg: SlackConfig) {}

  accepts(type: AlertType): boolean {
    return this.cfg.url === undefined || type !== 'updated';
  }

  async send(alert: Alert, signal: AbortSignal, thread?: string): Promise<string | void> {
    const what = `slack ${this.cfg.name}`;
    const message = slackMessage(alert, this.cfg.language);
    if (this.cfg.url) {
      await postJson(this.cfg.url, JSON.stringify(message), {}, signal, this.cfg.timeout, what);
      return;
    }
    const reply = thread !== undefined && alert.type !== 'opened';
    const body = {
      channel: this.cfg.channel,
      ...message,
      unfurl_links: false,
      unfurl_media: false,
      ...(reply ? { thread_ts: thread, reply_broadcast: alert.type === 'escalated' || alert.type === 'resolved' } : {}),
    };
    const res = await postJson(`${this.cfg.apiUrl.replace(/\/+$/, '')}/chat.postMessage`, JSON.stringify(body), { authorization: `Bearer ${this.cfg.token}` }, signal, this.cfg.timeout, what);
    // The Web API answers 200 with `ok: false` for its own errors.
    const json = (await res.json().catch(() => ({}))) as { ok?: boolean; ts?: string; error?: string };
    if (!json.ok || typeof json.ts !== 'string') {
      const error = json.error ?? 'no ts in the answer';
      throw new VigieError(RETRIABLE.has(error) ? 'ERR_ALERT_CHANNEL_HTTP' : 'ERR_ALERT_CHANNEL_REJECTED', `${what}: chat.postMessage: ${error}`, { retriable: RETRIABLE.has(error) });
    }
    return reply ? thread : json.ts;
  }
}
