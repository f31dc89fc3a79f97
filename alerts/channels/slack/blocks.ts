import type { Alert } from '../../contracts.ts';
import { fitPage, type PageView } from '../../page.ts';
import { escapeSlack, oneLine, safeUrl, slackLinkUrl } from '../../../notify/escape.ts';
import { LABELS, formatTime, moreLabel, ruleLines, titleOf, type Language } from '../../render.ts';

const EMOJI = { opened: ':rotating_light:', updated: ':information_source:', escalated: ':fire:', resolved: ':white_check_mark:' } as const;

/**
 * Slack's documented limits (a message breaking one is refused whole, 400 `invalid_blocks`):
 * - header block text: 150 characters — https://api.slack.com/reference/block-kit/blocks#header
 * - section text: 3,000; section fields: 10 items of 2,000 — https://api.slack.com/reference/block-kit/blocks#section
 * - context elements: 10 — https://api.slack.com/reference/block-kit/blocks#context
 * - text objects: 3,000 — https://api.slack.com/reference/block-kit/composition-objects#text
 * - blocks per message: 50 — https://api.slack.com/reference/block-kit/blocks
 * - button text 75, button url 3,000 — https://api.slack.com/reference/block-kit/block-elements#button
 * - top-level `text`: truncated past 40,000 — https://api.slack.com/changelog/2018-04-truncating-really-long-messages
 * Undocumented: a message whose blocks hold about 13,000 characters in all is refused with
 * `msg_blocks_too_long` (https://github.com/slackapi/bolt-js/issues/2509); Vigie stays under 12,000.
 */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  textObject: 3000,
  blocks: 50,
  buttonText: 75,
  buttonUrl: 3000,
  messageText: 40_000,
  blocksTotalText: 12_000,
} as const;

/** The notification text (shown in push notifications and where blocks are not rendered). */
const TEXT_MAX = 3000;

type Block = Record<string, any>;
type SlackMessage = { text: string; blocks: Block[] };

/** Every text of a block, for the limit checks. */
function textsOf(b: Block): string[] {
  const out: string[] = [];
  if (b.text?.text !== undefined) out.push(b.text.text);
  for (const f of b.fields ?? []) out.push(f.text);
  for (const e of b.elements ?? []) out.push(e.text?.text ?? e.text);
  return out.filter((t): t is string => typeof t === 'string');
}

/** Whether a message respects every limit above. */
export function slackFits(m: SlackMessage): boolean {
  const L = SLACK_LIMITS;
  if (m.text.length > L.messageText || m.blocks.length > L.blocks) return false;
  let total = 0;
  for (const b of m.blocks) {
    const texts = textsOf(b);
    total += texts.reduce((n, t) => n + t.length, 0);
    if (b.type === 'header' && b.text.text.length > L.headerText) return false;
    if (b.type === 'section' && (b.text?.text.length ?? 0) > L.sectionText) return false;
    if (b.fields && (b.fields.length > L.fields || b.fields.some((f: Block) => f.text.length > L.fieldText))) return false;
    if (b.type === 'context' && (b.elements.length > L.contextElements || texts.some((t) => t.length > L.textObject))) return false;
    if (b.type === 'actions' && b.elements.some((e: Block) => e.text.text.length > L.buttonText || (e.url ?? '').length > L.buttonUrl)) return false;
  }
  return total <= L.blocksTotalText;
}

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
