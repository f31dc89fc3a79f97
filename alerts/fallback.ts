import { isVigieError } from '../core/errors.ts';
import type { Alert, Channel } from './contracts.ts';
import { minimalAlert } from './page.ts';

/**
 * The receiver's answer when it refused a page as malformed or too large: HTTP 400 (Slack
 * `invalid_blocks`, PagerDuty "invalid event", Teams "bad payload") or 413, SMTP 552 (message
 * size exceeds the server's maximum, RFC 1870). Those pages are a bug of ours, not the
 * receiver's: worth one more try in the minimal rendering. Undefined for any other failure.
 */
export function refusedStatus(e: unknown): number | undefined {
  if (!isVigieError(e) || e.retriable) return undefined;
  const d = (e.details ?? {}) as { status?: unknown; smtpCode?: unknown };
  if (d.status === 400 || d.status === 413) return d.status;
  if (d.smtpCode === 552) return 552;
  return undefined;
}

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
