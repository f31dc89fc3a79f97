import { refusedStatus } from '../notify/refused.ts';
import type { Alert, Channel } from './contracts.ts';
import { minimalAlert } from './page.ts';

/** How one page went out. */
export interface PageSent {
  /** `minimal` when the full page was refused and the headline + link went out instead. */
  rendering: 'full' | 'minimal';
  /** The status of the refusal that made it minimal. */
  refusedWith?: number;
  /** What the channel returned for the incident's thread (Slack ts, email Message-ID). */
  thread?: string;
}

/**
 * Sends a page; when the receiver refuses it (see refusedStatus), sends the minimal rendering
 * (headline, severity, counts, Kibana link) once. `state` lives across the retries of one page,
 * so a retry after a 5xx on the minimal page does not send the full one again.
 */
export async function sendPage(channel: Channel, alert: Alert, signal: AbortSignal, state: { refusedWith?: number }, onRefused: (status: number) => void, thread?: string): Promise<PageSent> {
  if (state.refusedWith === undefined) {
    try {
      const t = await channel.send(alert, signal, thread);
      return { rendering: 'full', ...(t ? { thread: t } : {}) };
    } catch (e) {
      const status = refusedStatus(e);
      if (status === undefined) throw e;
      state.refusedWith = status;
      onRefused(status);
    }
  }
  const t = await channel.send(minimalAlert(alert), signal, thread);
  return { rendering: 'minimal', refusedWith: state.refusedWith, ...(t ? { thread: t } : {}) };
}
