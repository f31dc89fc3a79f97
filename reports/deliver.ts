import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Logger } from '../core/logger.ts';
import { VigieError, isVigieError, toVigieError } from '../core/errors.ts';
import { retry, type RetryOptions } from '../core/retry.ts';
import { postChat } from '../notify/chat.ts';
import { SmtpSender } from '../notify/email/smtp.ts';
import { refusedStatus } from '../notify/refused.ts';
import { postWebhook } from '../notify/webhook.ts';
import { slackReport, teamsReport } from './chat.ts';
import type { DeliveryTarget, ReportLocale } from './config.ts';
import type { GeneratedReport } from './generate.ts';
import { reportEmail } from './email.ts';
import { reportMessage, type ReportMessage } from './message.ts';
import { reportWebhookBody } from './webhook.ts';

/**
 * Sends a finished report to its recipients: copies the files to a folder, or posts the summary,
 * the key figures and a link to a webhook (signed JSON), Slack (Block Kit) or Teams (Adaptive
 * Card), or mails it (SMTP, the report as the body, files attached), through the same delivery
 * code as alert channels (notify/), fitted into each receiver's limits (notify/limits.ts). A
 * message a receiver refuses as malformed or too large (HTTP 400/413, SMTP 552) is sent once
 * more in the leanest rendering (headline, figures, link; no attachments), like alert pages.
 * Each target is retried with backoff (core/retry.ts) until the
 * delivery deadline; the outcome of every target is returned and logged — a failed delivery is an
 * error log line and a `failed` outcome, never dropped silently.
 */
export interface DeliveryOutcome {
  /** `folder:/srv/reports`, `slack`, `teams`, `webhook:<host>`, `email:<host>` (no secrets, no URL paths). */
  target: string;
  ok: boolean;
  attempts: number;
  error?: { code: string; message: string };
  /** Email recipients the server refused while it accepted the others (not resent: the others have it). */
  rejected?: string[];
  /** `minimal` when the receiver refused the full message and the leanest one went out instead. */
  rendering?: 'minimal';
  /** The status of that refusal (400, 413, 552). */
  refusedWith?: number;
}

export interface DeliverOptions {
  locale: ReportLocale;
  /** Directory the report files were written under (links are relative to it). */
  outDir: string;
  /** Public base URL of `outDir`; without it the message carries the file path. */
  publicBaseUrl?: string;
  /** Give up on a target after this long (ms). */
  deadlineMs: number;
  logger: Logger;
  signal?: AbortSignal;
  /** Test seam: retry options (sleep, random, baseMs). */
  retry?: Partial<RetryOptions>;
  now?: () => number;
}

function targetName(t: DeliveryTarget): string {
  if (t.kind === 'folder') return `folder:${t.path}`;
  if (t.kind === 'email') return `email:${t.host}`;
  try {
    return `${t.kind}:${new URL(t.url).host}`;
  } catch {
    return t.kind;
  }
}

/** Same id for the same brand, week and language, whatever the target: receivers dedupe on it. */
function deliveryId(r: GeneratedReport, o: DeliverOptions): string {
  return `report:${r.data.brand}:${r.data.week.id}:${o.locale}`;
}

/** Sends a report to one target of its kind; returns the email recipients refused while others accepted. */
type Sender<K extends DeliveryTarget['kind']> = (send: { r: GeneratedReport; t: Extract<DeliveryTarget, { kind: K }>; m: ReportMessage; o: DeliverOptions; minimal: boolean; signal: AbortSignal; what: string }) => Promise<string[] | void>;

/** One sender per target kind; the chat, webhook and email ones are the alert channels' delivery (notify/). */
const senders: { [K in DeliveryTarget['kind']]: Sender<K> } = {
  folder: async ({ r, t, what }) => {
    await mkdir(t.path, { recursive: true });
    for (const f of r.files) {
      try {
        await copyFile(f.path, join(t.path, basename(f.path)));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // A busy or full disk may recover; a wrong path or a permission will not.
        throw new VigieError('ERR_REPORT_DELIVERY_FOLDER', `${what}: ${(e as Error).message}`, { cause: e, retriable: code === 'EBUSY' || code === 'EAGAIN' || code === 'ENOSPC' || code === 'EMFILE' });
      }
    }
  },
  webhook: async ({ r, t, m, o, minimal, signal, what }) => {
    const body = reportWebhookBody(r.data, m, minimal);
    await postWebhook(t, body, { 'X-Vigie-Event': 'report', 'X-Vigie-Delivery': deliveryId(r, o) }, Math.floor((o.now ?? Date.now)() / 1000), signal, what);
  },
  slack: ({ t, m, minimal, signal, what }) => postChat(t, slackReport(m, minimal), signal, what),
  teams: ({ t, m, minimal, signal, what }) => postChat(t, teamsReport(m, minimal), signal, what),
  email: async ({ r, t, m, o, minimal, signal, what }) => {
    const smtp = new SmtpSender(t, what);
    try {
      return (await smtp.send(await reportEmail(r, t, m, o.locale, deliveryId(r, o), minimal), signal)).rejected;
    } finally {
      smtp.close();
    }
  },
};

/**
 * Sends once; when the receiver refuses the message as malformed or too large, sends the leanest
 * rendering at once. `state` lives across the retries of one target, so a retry after a 5xx on
 * the lean message does not send the full one again.
 */
async function deliverOne(r: GeneratedReport, t: DeliveryTarget, m: ReportMessage, o: DeliverOptions, signal: AbortSignal, state: { refusedWith?: number }): Promise<string[] | void> {
  const send = senders[t.kind] as Sender<DeliveryTarget['kind']>;
  const what = `report delivery to ${targetName(t)}`;
  if (state.refusedWith === undefined) {
    try {
      return await send({ r, t, m, o, minimal: false, signal, what });
    } catch (e) {
      const status = refusedStatus(e);
      if (status === undefined || t.kind === 'folder') throw e;
      state.refusedWith = status;
      o.logger.warn({ target: targetName(t), status, code: toVigieError(e).code, brand: r.data.brand, week: r.data.week.id }, 'report refused by the receiver, sending the headline, figures and link instead');
    }
  }
  return send({ r, t, m, o, minimal: true, signal, what });
}

/** Delivers to every target (in parallel) and returns one outcome per target. Never throws for a target's failure. */
export async function deliverReport(r: GeneratedReport, targets: readonly DeliveryTarget[], o: DeliverOptions): Promise<DeliveryOutcome[]> {
  const m = reportMessage(r, o);
  const now = o.now ?? Date.now;
  const signal = o.signal ?? new AbortController().signal;
  return Promise.all(
    targets.map(async (t): Promise<DeliveryOutcome> => {
      const name = targetName(t);
      let attempts = 0;
      let rejected: string[] = [];
      const state: { refusedWith?: number } = {};
      try {
        await retry(
          async () => {
            attempts++;
            rejected = (await deliverOne(r, t, m, o, signal, state)) ?? [];
          },
          {
            retries: Infinity,
            deadline: now() + o.deadlineMs,
            baseMs: 1000,
            maxMs: 60_000,
            signal,
            now,
            onRetry: (e, attempt, delayMs) => o.logger.warn({ target: name, attempt, delayMs, code: toVigieError(e).code, err: (e as Error).message }, 'report delivery failed, retrying'),
            ...o.retry,
          },
        );
        const lean = state.refusedWith === undefined ? {} : { rendering: 'minimal' as const, refusedWith: state.refusedWith };
        if (rejected.length) {
          o.logger.error({ target: name, attempts, rejected: rejected.length, brand: r.data.brand, week: r.data.week.id, ...lean }, 'report delivered, but some recipients were refused');
          return { target: name, ok: true, attempts, rejected, ...lean };
        }
        o.logger.info({ target: name, attempts, brand: r.data.brand, week: r.data.week.id, ...lean }, 'report delivered');
        return { target: name, ok: true, attempts, ...lean };
      } catch (e) {
        if (!isVigieError(e) && !(e instanceof Error)) throw e;
        const err = toVigieError(e, 'ERR_REPORT_DELIVERY');
        o.logger.error({ target: name, attempts, code: err.code, err: err.message, brand: r.data.brand, week: r.data.week.id }, 'report NOT delivered');
        return { target: name, ok: false, attempts, error: { code: err.code, message: err.message }, ...(state.refusedWith === undefined ? {} : { refusedWith: state.refusedWith }) };
      }
    }),
  );
}
