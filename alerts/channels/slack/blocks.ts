import type { Alert } from '../../contracts.ts';
import { LABELS, escapeSlack, formatTime, oneLine, ruleLines, safeUrl, titleOf, type Language } from '../../render.ts';

const EMOJI = { opened: ':rotating_light:', updated: ':information_source:', escalated: ':fire:', resolved: ':white_check_mark:' } as const;

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/**
 * Block Kit message for an incoming webhook: header, reason, figures as fields, sample mentions
 * (user text escaped for mrkdwn: & < >), authors and terms, and a Kibana button. Limits
 * respected: header 150 chars, section text 3000, 10 fields.
 */
export function slackMessage(a: Alert, lang: Language): Record<string, unknown> {
  const L = LABELS[lang];
  const e = a.evidence;
  const title = titleOf(a, lang);
  const fields = [
    `*${L.count}*\n${e.count}`,
    ...(e.baseline !== undefined ? [`*${L.baseline}*\n${e.baseline}`] : []),
    `*${L.opened}*\n${escapeSlack(formatTime(a.openedAt, a.timeZone, lang))}`,
    `*${L.window}*\n${escapeSlack(formatTime(e.window.from, a.timeZone, lang))} → ${escapeSlack(formatTime(e.window.to, a.timeZone, lang))}`,
  ].map((text) => ({ type: 'mrkdwn', text }));
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: cut(`${title}`, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: cut(`${EMOJI[a.type]} ${escapeSlack(a.reason[lang])}`, 3000) } },
    { type: 'section', fields },
  ];
  const rules = ruleLines(a, lang);
  if (rules.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(`*${L.rules}*\n${rules.map((r) => `• ${escapeSlack(r)}`).join('\n')}`, 3000) } });
  if (e.samples.length) {
    const lines = e.samples.map((s) => {
      const who = escapeSlack(s.author ?? s.source);
      const text = escapeSlack(oneLine(s.title ?? s.text, 180));
      const url = safeUrl(s.url);
      // Inside <url|label>, a literal | or > would end the label: escaping covers > but not |.
      return url ? `• *${who}*: <${url}|${text.replace(/\|/g, '¦')}>` : `• *${who}*: ${text}`;
    });
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(`*${L.samples}*\n${lines.join('\n')}`, 3000) } });
  }
  const ctx: string[] = [];
  if (e.topAuthors.length) ctx.push(`*${L.authors}:* ${e.topAuthors.map((x) => `${escapeSlack(x.author)} (${x.count})`).join(', ')}`);
  if (e.topTerms.length) ctx.push(`*${L.terms}:* ${e.topTerms.map((x) => `${escapeSlack(x.term)} (${x.count})`).join(', ')}`);
  if (ctx.length) blocks.push({ type: 'context', elements: ctx.map((text) => ({ type: 'mrkdwn', text: cut(text, 3000) })) });
  if (a.kibanaUrl) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: L.kibana }, url: a.kibanaUrl }] });
  return { text: cut(`${title}: ${a.reason[lang]}`, 3000), blocks };
}
