import type { Alert } from '../../contracts.ts';
import { fitPage, type PageView } from '../../page.ts';
import { cardLinkUrl, escapeCardMarkdown, oneLine, safeUrl } from '../../../notify/escape.ts';
import { teamsFits } from '../../../notify/limits.ts';
import { LABELS, formatTime, moreLabel, ruleLines, titleOf, type Language } from '../../render.ts';

const COLOR = { opened: 'Attention', updated: 'Default', escalated: 'Attention', resolved: 'Good' } as const;

/** Markdown-escaped, one-line, cut user text (cut before escaping: no `\` escape is split). */
function md(s: string, max: number): string {
  return oneLine(s, max, escapeCardMarkdown);
}

function render(a: Alert, lang: Language, v: PageView): Record<string, unknown> {
  const L = LABELS[lang];
  const e = a.evidence;
  const more = (n: number) => (n ? `, ${moreLabel(n, lang)}` : '');
  const facts = [
    { title: L.count, value: String(e.count) },
    ...(e.baseline !== undefined ? [{ title: L.baseline, value: String(e.baseline) }] : []),
    { title: L.opened, value: formatTime(a.openedAt, a.timeZone, lang) },
    { title: L.window, value: `${formatTime(e.window.from, a.timeZone, lang)} → ${formatTime(e.window.to, a.timeZone, lang)}` },
  ];
  if (v.authors.length) facts.push({ title: L.authors, value: escapeCardMarkdown(v.authors.map((x) => `${x.author} (${x.count})`).join(', ')) + more(v.authorsOmitted) });
  if (v.terms.length) facts.push({ title: L.terms, value: escapeCardMarkdown(v.terms.map((x) => `${x.term} (${x.count})`).join(', ')) + more(v.termsOmitted) });
  const body: Array<Record<string, unknown>> = [
    { type: 'TextBlock', size: 'Large', weight: 'Bolder', wrap: true, color: COLOR[a.type], text: md(titleOf(a, lang), 300) },
    { type: 'TextBlock', wrap: true, text: md(a.reason[lang], v.minimal ? 500 : 2000) },
    { type: 'FactSet', facts },
  ];
  // Every rule of the incident, one line each (a rule's reason can quote a term from posts).
  const rules = ruleLines(a, lang);
  if (rules.length) {
    body.push({ type: 'TextBlock', weight: 'Bolder', text: L.rules, wrap: true });
    for (const r of rules) body.push({ type: 'TextBlock', wrap: true, spacing: 'Small', text: `• ${md(r, v.minimal ? 150 : 400)}` });
  }
  if (v.samples.length) {
    body.push({ type: 'TextBlock', weight: 'Bolder', text: L.samples, wrap: true });
    for (const s of v.samples) {
      const text = `**${escapeCardMarkdown(s.who)}**: ${escapeCardMarkdown(s.text)}`;
      const link = s.url ? ` [${s.shortened ? escapeCardMarkdown(new URL(s.url).host) : '↗'}](${cardLinkUrl(s.url)})` : '';
      body.push({ type: 'TextBlock', wrap: true, spacing: 'Small', text: text + link });
    }
    if (v.samplesOmitted) body.push({ type: 'TextBlock', wrap: true, spacing: 'Small', isSubtle: true, text: moreLabel(v.samplesOmitted, lang) });
  }
  const kibana = safeUrl(a.kibanaUrl);
  const actions = kibana ? [{ type: 'Action.OpenUrl', title: L.kibana, url: kibana }] : [];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', msteams: { width: 'Full' }, body, actions },
      },
    ],
  };
}

/** The message a Teams webhook or Workflow accepts: one Adaptive Card attachment (version 1.4), within 28 KB. */
export function teamsMessage(a: Alert, lang: Language): Record<string, unknown> {
  return fitPage(a, (v) => render(a, lang, v), teamsFits);
}
