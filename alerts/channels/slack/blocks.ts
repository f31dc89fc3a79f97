import type { Alert } from '../../contracts.ts';
import { fitPage, type PageView } from '../../page.ts';
import { escapeSlack, oneLine, safeUrl, slackLinkUrl } from '../../../notify/escape.ts';
import { SLACK_LIMITS, slackFits } from '../../../notify/limits.ts';
import { LABELS, formatTime, moreLabel, ruleLines, titleOf, type Language } from '../../render.ts';

const EMOJI = { opened: ':rotating_light:', updated: ':information_source:', escalated: ':fire:', resolved: ':white_check_mark:' } as const;

/** The notification text (shown in push notifications and where blocks are not rendered). */
const TEXT_MAX = 3000;

type Block = Record<string, any>;
type SlackMessage = { text: string; blocks: Block[] };

/** mrkdwn-escaped, one-line, cut user text (cut before escaping: no entity is split). */
function mrkdwn(s: string, max: number): string {
  return oneLine(s, max, escapeSlack);
}

function sampleLine(s: PageView['samples'][number]): string {
  const who = `*${escapeSlack(s.who)}*`;
  const text = escapeSlack(s.text);
  if (!s.url) return `• ${who}: ${text}`;
  const url = slackLinkUrl(s.url);
  // A `|` in the label would start a second label: shown as a look-alike.
  if (!s.shortened) return `• ${who}: <${url}|${text.replace(/\|/g, '¦')}>`;
  return `• ${who}: ${text} (<${url}|${escapeSlack(new URL(s.url).host)}>)`;
}

function render(a: Alert, lang: Language, v: PageView): SlackMessage {
  const L = LABELS[lang];
  const e = a.evidence;
  const title = titleOf(a, lang);
  const t = (iso: string) => escapeSlack(formatTime(iso, a.timeZone, lang));
  const fields = [
    `*${L.count}*\n${e.count}`,
    ...(e.baseline !== undefined ? [`*${L.baseline}*\n${e.baseline}`] : []),
    `*${L.opened}*\n${t(a.openedAt)}`,
    `*${L.window}*\n${t(e.window.from)} → ${t(e.window.to)}`,
  ].map((text) => ({ type: 'mrkdwn', text }));
  const blocks: Block[] = [
    // plain_text: nothing to escape, only to cut.
    { type: 'header', text: { type: 'plain_text', text: oneLine(title, SLACK_LIMITS.headerText), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: `${EMOJI[a.type]} ${mrkdwn(a.reason[lang], v.minimal ? 500 : 2900)}` } },
    { type: 'section', fields },
  ];
  // Every rule of the incident, one line each (a rule's reason can quote a term from posts).
  const rules = ruleLines(a, lang);
  if (rules.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${L.rules}*\n${rules.map((r) => `• ${mrkdwn(r, v.minimal ? 150 : 400)}`).join('\n')}`.slice(0, SLACK_LIMITS.sectionText) } });
  if (v.samples.length) {
    const lines = v.samples.map(sampleLine);
    if (v.samplesOmitted) lines.push(`_${moreLabel(v.samplesOmitted, lang)}_`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${L.samples}*\n${lines.join('\n')}` } });
  }
  const ctx: string[] = [];
  const more = (n: number) => (n ? `, ${moreLabel(n, lang)}` : '');
  if (v.authors.length) ctx.push(`*${L.authors}:* ${v.authors.map((x) => `${escapeSlack(x.author)} (${x.count})`).join(', ')}${more(v.authorsOmitted)}`);
  if (v.terms.length) ctx.push(`*${L.terms}:* ${v.terms.map((x) => `${escapeSlack(x.term)} (${x.count})`).join(', ')}${more(v.termsOmitted)}`);
  if (ctx.length) blocks.push({ type: 'context', elements: ctx.map((text) => ({ type: 'mrkdwn', text })) });
  const kibana = safeUrl(a.kibanaUrl);
  // The engine keeps its links within the button's limit; a longer one is left out, not refused whole.
  if (kibana && kibana.length <= SLACK_LIMITS.buttonUrl) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: L.kibana }, url: kibana }] });
  // The notification text is mrkdwn too: the reason can quote an author's display name.
  return { text: mrkdwn(`${title}: ${a.reason[lang]}`, TEXT_MAX), blocks };
}

/**
 * Block Kit message for an incoming webhook: header, reason, figures as fields, sample mentions
 * (user text escaped for mrkdwn: & < >; URLs percent-encoded where `<url|label>` needs it),
 * authors and terms, and a Kibana button; fitted into Slack's limits by dropping evidence.
 */
export function slackMessage(a: Alert, lang: Language): SlackMessage {
  return fitPage(a, (v) => render(a, lang, v), slackFits);
}
