import type { Alert } from '../../contracts.ts';
import { alertOfView, fitPage } from '../../page.ts';
import { escapeHtml, oneLine, safeUrl } from '../../../notify/escape.ts';
import { emailDocument, emailRow } from '../../../notify/email/shell.ts';
import { emailPartsFit } from '../../../notify/limits.ts';
import { LABELS, formatTime, plainText, ruleLines, titleOf, type Language } from '../../render.ts';
import { idPart, messageIdDomain, type MailMessage } from '../../../notify/email/smtp.ts';

const COLOR = { opened: '#b42318', updated: '#475467', escalated: '#b42318', resolved: '#067647' } as const;

/** `<vigie.<incident>.<seq>@domain>`: the same event always gets the same id, so a resend is recognisable. */
export function alertMessageId(incidentId: string, seq: number, from: string): string {
  return `<vigie.${idPart(incidentId)}.${seq}@${messageIdDomain(from)}>`;
}

/**
 * The HTML part: the same content as the Slack/Teams messages. Every piece of user or config
 * text goes through escapeHtml; only http(s) links are rendered as links.
 */
export function alertHtml(a: Alert, lang: Language): string {
  const L = LABELS[lang];
  const e = a.evidence;
  const t = (iso: string) => escapeHtml(formatTime(iso, a.timeZone, lang));
  const rows = [
    emailRow(L.count, String(e.count)),
    ...(e.baseline !== undefined ? [emailRow(L.baseline, String(e.baseline))] : []),
    emailRow(L.opened, t(a.openedAt)),
    emailRow(L.window, `${t(e.window.from)} → ${t(e.window.to)}`),
  ];
  if (e.topAuthors.length) rows.push(emailRow(L.authors, escapeHtml(e.topAuthors.map((x) => `${x.author} (${x.count})`).join(', '))));
  if (e.topTerms.length) rows.push(emailRow(L.terms, escapeHtml(e.topTerms.map((x) => `${x.term} (${x.count})`).join(', '))));
  const rules = ruleLines(a, lang);
  const samples = e.samples.map((s) => {
    const url = safeUrl(s.url);
    const text = escapeHtml(oneLine(s.title ?? s.text, 300));
    return `<li><b>${escapeHtml(s.author ?? s.source)}</b>: ${url ? `<a href="${escapeHtml(url)}">${text}</a>` : text}</li>`;
  });
  const kibana = a.kibanaUrl && safeUrl(a.kibanaUrl) ? `<p><a href="${escapeHtml(safeUrl(a.kibanaUrl)!)}">${escapeHtml(L.kibana)}</a></p>` : '';
  return emailDocument(lang, titleOf(a, lang), [
    `<h2 style="color:${COLOR[a.type]};margin:0 0 8px">${escapeHtml(titleOf(a, lang))}</h2>`,
    `<p>${escapeHtml(a.reason[lang])}</p>`,
    `<table>${rows.join('')}</table>`,
    rules.length ? `<h3>${escapeHtml(L.rules)}</h3><ul>${rules.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : '',
    samples.length ? `<h3>${escapeHtml(L.samples)}</h3><ul>${samples.join('')}</ul>` : '',
    kibana,
  ]);
}

/**
 * One email per incident event. Updates, escalations and the resolution reference the Message-ID
 * of the opening this channel sent (`thread`; the incident's first event when unknown), so mail
 * clients thread an incident together. The evidence is fitted so each part stays whole.
 */
export function alertEmail(a: Alert, lang: Language, from: string, subjectPrefix: string, thread?: string): MailMessage {
  const incident = a.incidentId ?? a.episodeId;
  const opening = a.type === 'opened' ? undefined : (thread ?? (a.seq > 0 ? alertMessageId(incident, 0, from) : undefined));
  const build = (t: Alert): MailMessage => ({
    subject: oneLine(`${subjectPrefix} ${titleOf(t, lang)}`, 250),
    text: plainText(t, lang),
    html: alertHtml(t, lang),
    messageId: alertMessageId(incident, a.seq, from),
    ...(opening ? { references: opening } : {}),
    headers: { 'X-Vigie-Delivery': a.id, 'X-Vigie-Event': a.type, 'X-Vigie-Incident': incident },
  });
  return fitPage(a, (v) => build(alertOfView(a, v)), emailPartsFit);
}
