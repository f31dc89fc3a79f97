import { VigieError, isVigieError } from '../../../core/errors.ts';
import type { Alert, AlertType, Channel } from '../../contracts.ts';
import { getJson, postJson } from '../../../notify/http.ts';
import { slackMessage } from './blocks.ts';
import type { SlackConfig } from './config.ts';

/** Web API errors worth retrying; every other `ok: false` needs a config fix (invalid_auth, channel_not_found...). */
const RETRIABLE = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);
const EVENT_TYPE = 'vigie_incident_event';

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
    const message = slackMessage(alert, this.cfg.language);
    if (this.cfg.url) {
      await postJson(this.cfg.url, JSON.stringify(message), {}, signal, this.cfg.timeout, `slack ${this.cfg.name}`);
      return;
    }
    const reply = thread !== undefined && alert.type !== 'opened';
    const body = {
      channel: this.cfg.channel,
      ...message,
      unfurl_links: false,
      unfurl_media: false,
      // Lets a restarted worker find out whether an event in doubt was posted (see delivered()).
      metadata: { event_type: EVENT_TYPE, event_payload: { id: alert.id, incident: alert.incidentId, seq: alert.seq } },
      ...(reply ? { thread_ts: thread, reply_broadcast: alert.type === 'escalated' || alert.type === 'resolved' } : {}),
    };
    const json = await this.call<{ ts?: string }>('chat.postMessage', JSON.stringify(body), signal);
    if (typeof json.ts !== 'string') throw new VigieError('ERR_ALERT_CHANNEL_REJECTED', `slack ${this.cfg.name}: chat.postMessage: no ts in the answer`);
    return reply ? thread : json.ts;
  }

  /**
   * Looks for the event in the incident's thread (or, for an opening, the channel's recent
   * history) through the metadata every post carries. Needs the `channels:history` scope
   * (`groups:history` for a private channel); without it the event is resent.
   */
  async delivered(alert: Alert, thread: string | undefined, signal: AbortSignal): Promise<{ thread?: string } | undefined> {
    if (this.cfg.url) return undefined;
    const q = new URLSearchParams({ channel: this.cfg.channel!, include_all_metadata: 'true', limit: '200' });
    const reply = thread !== undefined && alert.type !== 'opened';
    if (reply) q.set('ts', thread!);
    else q.set('oldest', String(Math.floor(Date.parse(alert.createdAt) / 1000) - 60));
    try {
      const json = await this.call<{ messages?: Array<{ ts?: string; metadata?: { event_type?: string; event_payload?: { id?: string } } }> }>(reply ? 'conversations.replies' : 'conversations.history', undefined, signal, q);
      const hit = json.messages?.find((m) => m.metadata?.event_type === EVENT_TYPE && m.metadata.event_payload?.id === alert.id);
      return hit ? { thread: reply ? thread : hit.ts } : undefined;
    } catch (e) {
      if (isVigieError(e) && !e.retriable) return undefined;
      throw e;
    }
  }

  /** One Web API call; it answers 200 with `ok: false` for its own errors. */
  private async call<T>(method: string, body: string | undefined, signal: AbortSignal, query?: URLSearchParams): Promise<T> {
    const what = `slack ${this.cfg.name}`;
    const url = `${this.cfg.apiUrl.replace(/\/+$/, '')}/${method}${query ? `?${query}` : ''}`;
    const auth = { authorization: `Bearer ${this.cfg.token}` };
    const res = body === undefined ? await getJson(url, auth, signal, this.cfg.timeout, what) : await postJson(url, body, auth, signal, this.cfg.timeout, what);
    const json = (await res.json().catch(() => ({}))) as T & { ok?: boolean; error?: string };
    if (!json.ok) {
      const error = json.error ?? 'unreadable answer';
      throw new VigieError(RETRIABLE.has(error) ? 'ERR_ALERT_CHANNEL_HTTP' : 'ERR_ALERT_CHANNEL_REJECTED', `${what}: ${method}: ${error}`, { retriable: RETRIABLE.has(error) });
    }
    return json;
  }
}
