import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { VigieError } from '../core/errors.ts';
import { emailDocument, emailRow } from '../notify/email/shell.ts';
import { idPart, messageIdDomain, type MailMessage } from '../notify/email/smtp.ts';
import { escapeHtml, oneLine, safeUrl } from '../notify/escape.ts';
import { EMAIL_PART_MAX_BYTES, emailPartsFit, fitFirst } from '../notify/limits.ts';
import { utf8Bytes } from '../core/text/graphemes.ts';
import type { DeliveryTarget, ReportFormat, ReportLocale } from './config.ts';
import { messageView, reportViews, type ReportMessage, type ReportView } from './message.ts';
import { slug, type GeneratedReport } from './generate.ts';

type EmailTarget = Extract<DeliveryTarget, { kind: 'email' }>;

/** What the summary parts say besides the summary: formats not produced, and why the report is not the body. */
interface Notes {
  missing: string[];
  /** The HTML report was too large for the body (EMAIL_PART_MAX_BYTES). */
  tooLong: boolean;
  /** The server refused the message with its attachments (552): these were left out. */
  dropped: string[];
}

const CONTENT_TYPE: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json',
};

const MISSING: Record<ReportLocale, string> = { fr: 'Non produit', en: 'Not produced' };

function notesText(m: ReportView, n: Notes, locale: ReportLocale): string[] {
  const out: string[] = [];
  if (n.tooLong) out.push(m.labels.tooLong);
  if (n.missing.length) out.push(`${MISSING[locale]}: ${n.missing.join(', ')}`);
  if (n.dropped.length) out.push(`${m.labels.notAttached}: ${n.dropped.join(', ')}`);
  return out;
}

function summaryText(m: ReportView, n: Notes, locale: ReportLocale): string {
  const rest = m.rest ? [`- ${m.rest}: ${m.link}`] : [];
  const files = n.dropped.length ? m.files.map((f) => `${f.format.toUpperCase()}: ${f.link}`) : [];
  return [m.title, '', m.headline, ...m.sentences.map((s) => `- ${s}`), ...rest, '', ...m.figures.map((f) => `${f.label}: ${f.value}`), '', m.link, ...files, ...notesText(m, n, locale)].join('\n');
}

/** An http(s) link as `<a>`; a local path (a folder delivery) as text. */
function linkHtml(href: string, label: string): string {
  return safeUrl(href) ? `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>` : escapeHtml(`${label}: ${href}`);
}

function summaryHtml(m: ReportView, n: Notes, locale: ReportLocale): string {
  return emailDocument(locale, m.title, [
    `<h2>${escapeHtml(m.title)}</h2>`,
    `<p><b>${escapeHtml(m.headline)}</b></p>`,
    `<ul>${m.sentences.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}${m.rest ? `<li><i>${linkHtml(m.link, m.rest)}</i></li>` : ''}</ul>`,
    `<table>${m.figures.map((f) => emailRow(f.label, escapeHtml(f.value))).join('')}</table>`,
    `<p>${safeUrl(m.link) ? linkHtml(m.link, m.link) : escapeHtml(m.link)}</p>`,
    n.dropped.length ? `<p>${m.files.map((f) => linkHtml(f.link, f.format.toUpperCase())).join(' · ')}</p>` : '',
    ...notesText(m, n, locale).map((x) => `<p>${escapeHtml(x)}</p>`),
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
 * summary as the HTML part, the summary as the text part, the configured files attached. Each
 * part stays within EMAIL_PART_MAX_BYTES (notify/limits.ts) like alert emails: a report too
 * large for the body is replaced by the summary, which says so and links to it; a summary too
 * long loses sentences and says where the rest is. `minimal` (after the server refused the
 * message, SMTP 552) sends the leanest summary without attachments, naming them with their links.
 * The Message-ID and `X-Vigie-Delivery` are those of the brand, week and language, so a resend of
 * the same report is recognisable.
 */
export async function reportEmail(r: GeneratedReport, t: EmailTarget, m: ReportMessage, locale: ReportLocale, deliveryId: string, minimal = false): Promise<MailMessage> {
  const file = (f: ReportFormat) => r.files.find((x) => x.format === f);
  const missing = t.attach.filter((f) => !file(f)).map((f) => f.toUpperCase());
  const notes: Notes = { missing, tooLong: false, dropped: minimal ? t.attach.filter((f) => file(f)).map((f) => f.toUpperCase()) : [] };
  let report: string | undefined;
  if (!minimal && t.body === 'report' && file('html')) {
    report = (await readReportFile(file('html')!.path)).toString('utf8');
    if (utf8Bytes(report) > EMAIL_PART_MAX_BYTES) {
      report = undefined;
      notes.tooLong = true;
    }
  }
  const parts = fitFirst(
    reportViews(minimal),
    (shape) => {
      const v = messageView(m, shape);
      return { text: summaryText(v, notes, locale), html: report ?? summaryHtml(v, notes, locale) };
    },
    emailPartsFit,
  );
  const attachments = [];
  for (const f of minimal ? [] : t.attach) {
    const x = file(f);
    if (x) attachments.push({ filename: basename(x.path), content: await readReportFile(x.path), contentType: CONTENT_TYPE[f] });
  }
  return {
    subject: oneLine(`${t.subjectPrefix} ${m.title}`, 250),
    ...parts,
    messageId: `<vigie.report.${idPart(`${slug(r.data.brand)}.${r.data.week.id}.${locale}`)}@${messageIdDomain(t.from)}>`,
    headers: { 'X-Vigie-Event': 'report', 'X-Vigie-Delivery': deliveryId },
    attachments,
  };
}
