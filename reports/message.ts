import { relative, resolve, sep } from 'node:path';
import { escapeCardMarkdown, escapeSlack } from '../notify/escape.ts';
import type { ReportLocale } from './config.ts';
import type { GeneratedReport } from './generate.ts';
import { formatter } from './i18n.ts';
import { summarize } from './summary.ts';

/** What a chat message or webhook says about the report. */
export interface ReportMessage {
  title: string;
  headline: string;
  sentences: string[];
  figures: Array<{ label: string; value: string }>;
  /** URL or path of the main file (HTML, else PDF, else the first). */
  link: string;
  files: Array<{ format: string; link: string }>;
}

/** Builds the locale's message (summary + key figures + link) for a generated report. */
export function reportMessage(r: GeneratedReport, o: { locale: ReportLocale; outDir: string; publicBaseUrl?: string }): ReportMessage {
  const d = r.data;
  const f = formatter(o.locale, d.week.timeZone);
  const s = summarize(d, o.locale);
  const brand = d.shareOfVoice.entities.find((e) => e.role === 'brand');
  const link = (path: string): string => {
    if (!o.publicBaseUrl) return path;
    const rel = relative(resolve(o.outDir), resolve(path)).split(sep).map(encodeURIComponent).join('/');
    return `${o.publicBaseUrl.replace(/\/+$/, '')}/${rel}`;
  };
  const files = r.files.map((x) => ({ format: x.format, link: link(x.path) }));
  const main = files.find((x) => x.format === 'html') ?? files.find((x) => x.format === 'pdf') ?? files[0];
  return {
    title: `${d.brand} — ${f.t.title} — ${d.week.id}`,
    headline: s.headline,
    sentences: s.sentences,
    figures: [
      { label: f.t.mentions, value: `${f.int(d.volume.current)} (${f.changePct(d.volume.change)})` },
      { label: f.t.netSentiment, value: f.signed(d.sentiment.current.net) },
      { label: f.t.shareOfVoice, value: f.pct(brand?.share ?? null) },
      { label: f.t.alerts, value: f.int(d.alerts.episodes.length) },
      ...(d.responses
        ? [
            { label: f.t.responseRate, value: `${f.pct(d.responses.current.rate)} (${f.int(d.responses.current.answered)} / ${f.int(d.responses.current.needed)}; ${f.pct(d.responses.previous.rate)} ${f.t.vsPrevious})` },
            { label: f.t.medianResponse, value: `${f.duration(d.responses.current.medianSeconds)} (${f.t.p90Response}: ${f.duration(d.responses.current.p90Seconds)})` },
            { label: f.t.waitingNow, value: f.int(d.responses.current.waiting) },
          ]
        : []),
    ],
    link: main?.link ?? '',
    files,
  };
}

/** The Slack Block Kit message: header, summary, key figures, link. */
export function slackBody(m: ReportMessage): Record<string, unknown> {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  const isUrl = /^https?:\/\//.test(m.link);
  return {
    text: m.headline,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: cut(m.title, 150), emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: cut(`*${escapeSlack(m.headline)}*\n${m.sentences.map((x) => `• ${escapeSlack(x)}`).join('\n')}`, 3000) } },
      { type: 'section', fields: m.figures.map((x) => ({ type: 'mrkdwn', text: `*${escapeSlack(x.label)}*\n${escapeSlack(x.value)}` })) },
      { type: 'context', elements: [{ type: 'mrkdwn', text: isUrl ? `<${m.link}|${escapeSlack(m.files.map((x) => x.format.toUpperCase()).join(' · '))}>` : escapeSlack(m.link) }] },
    ],
  };
}

/** The Teams message: one Adaptive Card with the same content. */
export function teamsBody(m: ReportMessage): Record<string, unknown> {
  const isUrl = /^https?:\/\//.test(m.link);
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
            { type: 'TextBlock', size: 'Large', weight: 'Bolder', wrap: true, text: escapeCardMarkdown(m.title) },
            { type: 'TextBlock', wrap: true, weight: 'Bolder', text: escapeCardMarkdown(m.headline) },
            ...m.sentences.map((x) => ({ type: 'TextBlock', wrap: true, spacing: 'Small', text: escapeCardMarkdown(`• ${x}`) })),
            { type: 'FactSet', facts: m.figures.map((x) => ({ title: escapeCardMarkdown(x.label), value: escapeCardMarkdown(x.value) })) },
            ...(isUrl ? [] : [{ type: 'TextBlock', wrap: true, isSubtle: true, text: escapeCardMarkdown(m.link) }]),
          ],
          actions: isUrl ? [{ type: 'Action.OpenUrl', title: 'Report', url: m.link }] : [],
        },
      },
    ],
  };
}
