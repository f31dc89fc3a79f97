import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { VigieError } from '../core/errors.ts';
import { emailDocument, emailRow } from '../notify/email/shell.ts';
import { idPart, messageIdDomain, type MailMessage } from '../notify/email/smtp.ts';
import { escapeHtml, oneLine, safeUrl } from '../notify/escape.ts';
import type { DeliveryTarget, ReportFormat, ReportLocale } from './config.ts';
import type { ReportMessage } from './message.ts';
import { slug, type GeneratedReport } from './generate.ts';

type EmailTarget = Extract<DeliveryTarget, { kind: 'email' }>;

/** What message.ts already built for chat messages (reportMessage). */
type Summary = Pick<ReportMessage, 'title' | 'headline' | 'sentences' | 'figures' | 'link'>;

const CONTENT_TYPE: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json',
};

const MISSING: Record<ReportLocale, string> = { fr: 'Non produit', en: 'Not produced' };

function summaryText(m: Summary, missing: string[], locale: ReportLocale): string {
  const lines = [m.title, '', m.headline, ...m.sentences.map((s) => `- ${s}`), '', ...m.figures.map((f) => `${f.label}: ${f.value}`), '', m.link];
  if (missing.length) lines.push(`${MISSING[locale]}: ${missing.join(', ')}`);
  return lines.join('\n');
}

function summaryHtml(m: Summary, missing: string[], locale: ReportLocale): string {
  // Local paths (a folder delivery) stay text; only http(s) URLs become links.
  const link = safeUrl(m.link) ? `<p><a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a></p>` : `<p>${escapeHtml(m.link)}</p>`;
  return emailDocument(locale, m.title, [
    `<h2>${escapeHtml(m.title)}</h2>`,
    `<p><b>${escapeHtml(m.headline)}</b></p>`,
    `<ul>${m.sentences.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`,
    `<table>${m.figures.map((f) => emailRow(f.label, escapeHtml(f.value))).join('')}</table>`,
    link,
    missing.length ? `<p>${escapeHtml(`${MISSING[locale]}: ${missing.join(', ')}`)}</p>` : '',
  ]);
}

async function readReportFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new VigieError('ERR_EMAIL_FILE', `report email: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * The report as an email: the HTML report itself (already escaped by its renderer) or the
 * summary as the HTML part, the summary as the text part, the configured files attached. The
 * Message-ID and `X-Vigie-Delivery` are those of the brand, week and language, so a resend of
 * the same report is recognisable.
 */
export async function reportEmail(r: GeneratedReport, t: EmailTarget, m: Summary, locale: ReportLocale, deliveryId: string): Promise<MailMessage> {
  const file = (f: ReportFormat) => r.files.find((x) => x.format === f);
  const missing = t.attach.filter((f) => !file(f)).map((f) => f.toUpperCase());
  const html = t.body === 'report' && file('html') ? (await readReportFile(file('html')!.path)).toString('utf8') : summaryHtml(m, missing, locale);
  const attachments = [];
  for (const f of t.attach) {
    const x = file(f);
    if (x) attachments.push({ filename: basename(x.path), content: await readReportFile(x.path), contentType: CONTENT_TYPE[f] });
  }
  return {
    subject: oneLine(`${t.subjectPrefix} ${m.title}`, 250),
    text: summaryText(m, missing, locale),
    html,
    messageId: `<vigie.report.${idPart(`${slug(r.data.brand)}.${r.data.week.id}.${locale}`)}@${messageIdDomain(t.from)}>`,
    headers: { 'X-Vigie-Event': 'report', 'X-Vigie-Delivery': deliveryId },
    attachments,
  };
}
