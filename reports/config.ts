import { z } from 'zod';
import { deadlineSchema } from '../core/duration.ts';
import { chatShape } from '../notify/chat.ts';
import { checkSmtp, smtpShape } from '../notify/email/config.ts';
import { webhookShape } from '../notify/webhook.ts';
import { parseCron } from './cron.ts';

/** Report languages. */
export const reportLocales = ['fr', 'en'] as const;
export type ReportLocale = (typeof reportLocales)[number];

/** Output formats. */
export const reportFormats = ['html', 'pdf', 'md', 'json'] as const;
export type ReportFormat = (typeof reportFormats)[number];

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-CA', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as America/Montreal or Europe/Paris' },
);

const cron = z.string().superRefine((s, ctx) => {
  try {
    parseCron(s);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
  }
});

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

/**
 * Where a finished report goes: a folder, or the channel kinds alerts page through, with the
 * same fields as the alert channel of that kind (notify/), less the alert routing ones (name,
 * language, minSeverity, rules: a report has its own locale and no severity).
 */
export const deliveryTargetSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('folder'),
      /** Directory the report files are copied into (created when missing). */
      path: z.string().min(1),
    })
    .strict(),
  /** Signed like alert webhooks: `X-Vigie-Signature: t=<s>,v1=<hex>`. */
  z.object({ kind: z.literal('webhook'), ...webhookShape }).strict(),
  z.object({ kind: z.literal('slack'), ...chatShape }).strict(),
  z.object({ kind: z.literal('teams'), ...chatShape }).strict(),
  z
    .object({
      kind: z.literal('email'),
      /** SMTP server, login, from/to: the fields of the `email` alert channel. */
      ...smtpShape,
      /** `report`: the HTML report is the message body; `summary`: headline, figures and link (the HTML can be attached). */
      body: z.enum(['report', 'summary']).default('report'),
      /** Files attached, among the formats written (a format that failed, e.g. a PDF without Chromium, is named in the text instead). */
      attach: z.array(z.enum(reportFormats)).default(['pdf']),
    })
    .strict()
    .superRefine(checkSmtp),
]);
export type DeliveryTarget = z.infer<typeof deliveryTargetSchema>;

/** One scheduled report. */
export const reportScheduleSchema = z
  .object({
    /** Watch entry the report is about (its `name` in `watch`). */
    brand: z.string().min(1),
    /** Five-field cron (minute hour day-of-month month day-of-week), read in `timeZone`. Default Monday 08:00. */
    cron: cron.default('0 8 * * 1'),
    timeZone: timeZone.optional(),
    locale: z.enum(reportLocales).optional(),
    formats: z.array(z.enum(reportFormats)).min(1).optional(),
    /** Recipients: where the report and its summary are sent. */
    deliver: z.array(deliveryTargetSchema).default([]),
  })
  .strict();
export type ReportSchedule = z.infer<typeof reportScheduleSchema>;

/** The `reports:` section of the config file. */
export const reportsConfigSchema = z
  .object({
    /** Time zone of the report week (Monday 00:00 to Monday 00:00) and of the schedule. */
    timeZone: timeZone.default('America/Montreal'),
    /** Language of labels, numbers and dates. */
    locale: z.enum(reportLocales).default('fr'),
    formats: z.array(z.enum(reportFormats)).min(1).default(['html', 'pdf', 'md', 'json']),
    /** Directory scheduled reports are written to (`<outDir>/<brand-slug>/<week>/`). */
    outDir: z.string().min(1).default('./reports-out'),
    /** Public base URL of `outDir`, used for the link in chat messages (else the file path is sent). */
    publicBaseUrl: httpUrl.optional(),
    /** How long delivery retries last before the delivery is reported failed. */
    deliveryDeadline: deadlineSchema.prefault('1h'),
    schedules: z.array(reportScheduleSchema).default([]),
  })
  .strict();
export type ReportsConfig = z.infer<typeof reportsConfigSchema>;

/** Problems a valid schema cannot see: a schedule naming a brand missing from `watch`. */
export function crossCheckReports(cfg: ReportsConfig, watchNames: readonly string[]): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  cfg.schedules.forEach((s, i) => {
    if (!watchNames.includes(s.brand)) {
      out.push({ path: `reports.schedules[${i}].brand`, message: `"${s.brand}" is not a watch entry name (known: ${watchNames.map((n) => JSON.stringify(n)).join(', ') || 'none'})` });
    }
    // An email can only carry files the schedule writes.
    const formats = s.formats ?? cfg.formats;
    s.deliver.forEach((t, j) => {
      if (t.kind !== 'email') return;
      const at = `reports.schedules[${i}].deliver[${j}]`;
      if (t.body === 'report' && !formats.includes('html')) out.push({ path: `${at}.body`, message: `"report" needs html among the formats (${formats.join(', ')}): add it or use body: summary` });
      for (const f of t.attach) if (!formats.includes(f)) out.push({ path: `${at}.attach`, message: `"${f}" is not among the formats written (${formats.join(', ')})` });
    });
  });
  return out;
}
