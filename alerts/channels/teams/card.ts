import type { Alert } from '../../contracts.ts';
import { LABELS, formatTime, oneLine, ruleLines, safeUrl, titleOf, type Language } from '../../render.ts';

/**
 * Adaptive Card text is Markdown: user text is escaped so a post cannot inject links or
 * formatting into the card.
 */
export function escapeCardMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, (c) => `\\${c}`);
}

const COLOR = { opened: 'Attention', updated: 'Default', escalated: 'Attention', resolved: 'Good' } as const;

/** The message a Teams webhook or Workflow accepts: one Adaptive Card attachment (version 1.4). */
export function teamsMessage(a: Alert, lang: Language): Record<string, unknown> {
  const L = LABELS[lang];
  const e = a.evidence;
  const facts = [
    { title: L.count, value: String(e.count) },
    ...(e.baseline !== undefined ? [{ title: L.baseline, value: String(e.baseline) }] : []),
    { title: L.opened, value: formatTime(a.openedAt, a.timeZone, lang) },
    { title: L.window, value: `${formatTime(e.window.from, a.timeZone, lang)} → ${formatTime(e.window.to, a.timeZone, lang)}` },
  ];
  if (e.topAuthors.length) facts.push({ title: L.authors, value: escapeCardMarkdown(e.topAuthors.map((x) => `${x.author} (${x.count})`).join(', ')) });
  if (e.topTerms.length) facts.push({ title: L.terms, value: escapeCardMarkdown(e.topTerms.map((x) => `${x.term} (${x.count})`).join(', ')) });
  const body: Array<Record<string, unknown>> = [
    { type: 'TextBlock', size: 'Large', weight: 'Bolder', wrap: true, color: COLOR[a.type], text: escapeCardMarkdown(titleOf(a, lang)) },
    { type: 'TextBlock', wrap: true, text: escapeCardMarkdown(a.reason[lang]) },
    { type: 'FactSet', facts },
  ];
  const rules = ruleLines(a, lang);
  if (rules.length) {
    body.push({ type: 'TextBlock', weight: 'Bolder', text: L.rules, wrap: true });
    for (const r of rules) body.push({ type: 'TextBlock', wrap: true, spacing: 'Small', text: `• ${escapeCardMarkdown(r)}` });
  }
  if (e.samples.length) {
    body.push({ type: 'TextBlock', weight: 'Bolder', text: L.samples, wrap: true });
    for (const s of e.samples) {
      const url = safeUrl(s.url);
      const text = `**${escapeCardMarkdown(s.author ?? s.source)}**: ${escapeCardMarkdown(oneLine(s.title ?? s.text, 180))}`;
      body.push({ type: 'TextBlock', wrap: true, spacing: 'Small', text: url ? `${text} [↗](${url.replace(/\)/g, '%29')})` : text });
    }
  }
  const actions = a.kibanaUrl ? [{ type: 'Action.OpenUrl', title: L.kibana, url: a.kibanaUrl }] : [];
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
