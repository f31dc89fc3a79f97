import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { Logger } from '../core/logger.ts';
import { VigieError, isVigieError, toVigieError } from '../core/errors.ts';
import { retry, type RetryOptions } from '../core/retry.ts';
import { postJson } from '../alerts/channels/base.ts';
import { escapeCardMarkdown } from '../alerts/channels/teams/card.ts';
import { SIGNATURE_HEADER, sign } from '../notify/signature.ts';
import { escapeSlack } from '../alerts/render.ts';
import { SmtpSender } from '../notify/email/smtp.ts';
import type { DeliveryTarget, ReportLocale } from './config.ts';
import type { GeneratedReport } from './generate.ts';
import { reportEmail } from './email.ts';
import { formatter } from './i18n.ts';
import { summarize } from './summary.ts';

/**
 * Sends a finished report to its recipients: copies the files to a folder, or posts the summary,
 * the key figures and a link to a webhook (signed JSON), Slack (Block Kit) or Teams (Adaptive
 * Card), or mails it (SMTP, the report as the body, files attached). Each target is retried with backoff (core/retry.ts) until the delivery deadline; the
 * outcome of every target is returned and logged — a failed delivery is an error log line and a
 * `failed` outcome, never dropped silently.
 */
export interface DeliveryOutcome {
  /** `folder:/srv/reports`, `slack`, `teams`, `webhook:<host>`, `email:<host>` (no secrets, no URL paths). */
  target: string;
  ok: boolean;
  attempts: number;
  error?: { code: string; message: string };
  /** Email recipients the server refused while it accepted the others (not resent: the others have it). */
  rejected?: string[];
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
  timeoutMs?: number;
  /** Test seam: retry options (sleep, random, baseMs). */
  retry?: Partial<RetryOptions>;
  now?: () => number;
}

/** What a chat message or webhook says about the report. */
export interface ReportMessage {
  title: string;
  headline: string;
  sentences: string[];
  figures: Array<{ label: string; value: string }>;
  /** URL or path of the main file (HTML, else PDF, else the first). */
  link: string;
  files: Array<{ format: string; link: string }>;
}

/** Builds the locale's message (summary + key figures + link) for a generated report. */
export function reportMessage(r: GeneratedReport, o: Pick<DeliverOptions, 'locale' | 'outDir' | 'publicBaseUrl'>): ReportMessage {
  const d = r.data;
  const f = formatter(o.locale, d.week.timeZone);
  const s = summarize(d, o.locale);
  const brand = d.shareOfVoice.entities.find((e) => e.role === 'brand');
  const link = (path: string): string => {
    if (!o.publicBaseUrl) return path;
    const rel = relative(resolve(o.outDir), resolve(path)).split(sep).map(encodeURIComponent).join('/');
    return `${o.publicBaseUrl.replace(/\/+$/, '')}/${rel}`;
  };
  const files = r.files.map((x) => ({ format: x.format, link: link(x.path) }));
  const main = files.find((x) => x.format === 'html') ?? files.find((x) => x.format === 'pdf') ?? files[0];
  return {
    title: `${d.brand} — ${f.t.title} — ${d.week.id}`,
    headline: s.headline,
    sentences: s.sentences,
    figures: [
      { label: f.t.mentions, value: `${f.int(d.volume.current)} (${f.changePct(d.volume.change)})` },
      { label: f.t.netSentiment, value: f.signed(d.sentiment.current.net) },
      { label: f.t.shareOfVoice, value: f.pct(brand?.share ?? null) },
      { label: f.t.alerts, value: f.int(d.alerts.episodes.length) },
    ],
    link: main?.link ?? '',
    files,
  };
}

function slackBody(m: ReportMessage): Record<string, unknown> {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  const isUrl = /^https?:\/\//.test(m.link);
  return {
    text: m.headline,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: cut(m.title, 150), emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: cut(`*${escapeSlack(m.headline)}*\n${m.sentences.map((x) => `• ${escapeSlack(x)}`).join('\n')}`, 3000) } },
      { type: 'section', fields: m.figures.map((x) => ({ type: 'mrkdwn', text: `*${escapeSlack(x.label)}*\n${escapeSlack(x.value)}` })) },
      { type: 'context', elements: [{ type: 'mrkdwn', text: isUrl ? `<${m.link}|${escapeSlack(m.files.map((x) => x.format.toUpperCase()).join(' · '))}>` : escapeSlack(m.link) }] },
    ],
  };
}

function teamsBody(m: ReportMessage): Record<string, unknown> {
  const isUrl = /^https?:\/\//.test(m.link);
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          msteams: { width: 'Full' },
          body: [
            { type: 'TextBlock', size: 'Large', weight: 'Bolder', wrap: true, text: escapeCardMarkdown(m.title) },
            { type: 'TextBlock', wrap: true, weight: 'Bolder', text: escapeCardMarkdown(m.headline) },
            ...m.sentences.map((x) => ({ type: 'TextBlock', wrap: true, spacing: 'Small', text: escapeCardMarkdown(`• ${x}`) })),
            { type: 'FactSet', facts: m.figures.map((x) => ({ title: escapeCardMarkdown(x.label), value: escapeCardMarkdown(x.value) })) },
            ...(isUrl ? [] : [{ type: 'TextBlock', wrap: true, isSubtle: true, text: escapeCardMarkdown(m.link) }]),
          ],
          actions: isUrl ? [{ type: 'Action.OpenUrl', title: 'Report', url: m.link }] : [],
        },
      },
    ],
  };
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

/** Sends to one target; returns the email recipients refused while others accepted. */
async function deliverOne(r: GeneratedReport, t: DeliveryTarget, m: ReportMessage, o: DeliverOptions, signal: AbortSignal): Promise<string[] | void> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const what = `report delivery to ${targetName(t)}`;
  if (t.kind === 'email') {
    const smtp = new SmtpSender(t, what);
    try {
      return (await smtp.send(await reportEmail(r, t, m, o.locale, deliveryId(r, o)), signal)).rejected;
    } finally {
      smtp.close();
    }
  }
  if (t.kind === 'folder') {
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
    return;
  }
  if (t.kind === 'slack') {
    await postJson(t.url, JSON.stringify(slackBody(m)), {}, signal, timeoutMs, what);
    return;
  }
  if (t.kind === 'teams') {
    await postJson(t.url, JSON.stringify(teamsBody(m)), {}, signal, timeoutMs, what);
    return;
  }
  const body = JSON.stringify({ version: 1, type: 'vigie.report', title: m.title, summary: { headline: m.headline, sentences: m.sentences }, figures: m.figures, link: m.link, files: m.files, report: r.data });
  const headers: Record<string, string> = { 'X-Vigie-Event': 'report', 'X-Vigie-Delivery': deliveryId(r, o) };
  if (t.secret) headers[SIGNATURE_HEADER] = sign(t.secret, Math.floor((o.now ?? Date.now)() / 1000), body);
  await postJson(t.url, body, headers, signal, timeoutMs, what);
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
      try {
        await retry(
          async () => {
            attempts++;
            rejected = (await deliverOne(r, t, m, o, signal)) ?? [];
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
        if (rejected.length) {
          o.logger.error({ target: name, attempts, rejected: rejected.length, brand: r.data.brand, week: r.data.week.id }, 'report delivered, but some recipients were refused');
          return { target: name, ok: true, attempts, rejected };
        }
        o.logger.info({ target: name, attempts, brand: r.data.brand, week: r.data.week.id }, 'report delivered');
        return { target: name, ok: true, attempts };
      } catch (e) {
        if (!isVigieError(e) && !(e instanceof Error)) throw e;
        const err = toVigieError(e, 'ERR_REPORT_DELIVERY');
        o.logger.error({ target: name, attempts, code: err.code, err: err.message, brand: r.data.brand, week: r.data.week.id }, 'report NOT delivered');
        return { target: name, ok: false, attempts, error: { code: err.code, message: err.message } };
      }
    }),
  );
}
