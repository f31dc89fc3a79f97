import { cardLinkUrl, escapeCardMarkdown, escapeSlack, oneLine, slackLinkUrl } from '../notify/escape.ts';
import { SLACK_LIMITS, fitFirst, slackFits, teamsFits } from '../notify/limits.ts';
import { messageView, reportViews, type ReportMessage, type ReportView } from './message.ts';

/**
 * The report's chat messages, fitted into the receivers' limits (notify/limits.ts) like alert
 * pages: the summary loses sentences, then length, and says where it was cut, with a link to
 * the full report; title, figures and the link are always sent.
 */

type Block = Record<string, unknown>;

function slackRender(v: ReportView): { text: string; blocks: Block[] } {
  const link = v.linkIsUrl ? slackLinkUrl(v.link) : undefined;
  const lines = [`*${escapeSlack(v.headline)}*`, ...v.sentences.map((x) => `• ${escapeSlack(x)}`)];
  // Where the summary was cut, the reader is sent to the full report.
  if (v.rest) lines.push(link ? `_<${link}|${escapeSlack(v.rest).replace(/\|/g, '¦')}>_` : `_${escapeSlack(v.rest)}: ${escapeSlack(v.link)}_`);
  const files = escapeSlack(v.files.map((x) => x.format.toUpperCase()).join(' · ')) || escapeSlack(v.labels.open);
  return {
    // The notification text is mrkdwn too: the headline can quote a hashtag from posts.
    text: oneLine(`${v.title}: ${v.headline}`, 3000, escapeSlack),
    blocks: [
      // plain_text: nothing to escape, only to cut.
      { type: 'header', text: { type: 'plain_text', text: oneLine(v.title, SLACK_LIMITS.headerText), emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
      { type: 'section', fields: v.figures.slice(0, SLACK_LIMITS.fields).map((x) => ({ type: 'mrkdwn', text: `*${escapeSlack(x.label)}*\n${escapeSlack(x.value)}` })) },
      { type: 'context', elements: [{ type: 'mrkdwn', text: link ? `<${link}|${files}>` : escapeSlack(v.link) }] },
    ],
  };
}

function teamsRender(v: ReportView): Record<string, unknown> {
  const url = v.linkIsUrl ? v.link : undefined;
  const rest = v.rest && (url ? `[${escapeCardMarkdown(v.rest)}](${cardLinkUrl(url)})` : `${escapeCardMarkdown(v.rest)}: ${escapeCardMarkdown(v.link)}`);
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
            { type: 'TextBlock', size: 'Large', weight: 'Bolder', wrap: true, text: escapeCardMarkdown(v.title) },
            { type: 'TextBlock', wrap: true, weight: 'Bolder', text: escapeCardMarkdown(v.headline) },
            ...v.sentences.map((x) => ({ type: 'TextBlock', wrap: true, spacing: 'Small', text: escapeCardMarkdown(`• ${x}`) })),
            ...(rest ? [{ type: 'TextBlock', wrap: true, spacing: 'Small', isSubtle: true, text: rest }] : []),
            { type: 'FactSet', facts: v.figures.map((x) => ({ title: escapeCardMarkdown(x.label), value: escapeCardMarkdown(x.value) })) },
            ...(url ? [] : [{ type: 'TextBlock', wrap: true, isSubtle: true, text: escapeCardMarkdown(v.link) }]),
          ],
          actions: url ? [{ type: 'Action.OpenUrl', title: v.labels.open, url }] : [],
        },
      },
    ],
  };
}

/** The Slack Block Kit message: header, summary, key figures, link; within Slack's limits. */
export function slackReport(m: ReportMessage, minimal = false): { text: string; blocks: Block[] } {
  return fitFirst(reportViews(minimal), (shape) => slackRender(messageView(m, shape)), slackFits);
}

/** The Teams message: one Adaptive Card with the same content, within 28 KB. */
export function teamsReport(m: ReportMessage, minimal = false): Record<string, unknown> {
  return fitFirst(reportViews(minimal), (shape) => teamsRender(messageView(m, shape)), teamsFits);
}
