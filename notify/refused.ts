import { isVigieError } from '../core/errors.ts';

/**
 * The receiver's answer when it refused a message as malformed or too large: HTTP 400 (Slack
 * `invalid_blocks`, PagerDuty "invalid event", Teams "bad payload") or 413, SMTP 552 (message
 * size exceeds the server's maximum, RFC 1870). Such a message is a bug of ours, not the
 * receiver's: worth one more try in the leanest rendering (alert pages and report deliveries
 * both do). Undefined for any other failure.
 */
export function refusedStatus(e: unknown): number | undefined {
  if (!isVigieError(e) || e.retriable) return undefined;
  const d = (e.details ?? {}) as { status?: unknown; smtpCode?: unknown };
  if (d.status === 400 || d.status === 413) return d.status;
  if (d.smtpCode === 552) return 552;
  return undefined;
}
