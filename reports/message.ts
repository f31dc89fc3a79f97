import { relative, resolve, sep } from 'node:path';
import { oneLine } from '../notify/escape.ts';
import type { ReportLocale } from './config.ts';
import type { GeneratedReport } from './generate.ts';
import { fill, formatter } from './i18n.ts';
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
  /** Texts of the delivery around the summary, in the report's locale. */
  labels: { open: string; more: string; rest: string; tooLong: string; notAttached: string };
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
    labels: { open: f.t.openReport, more: f.t.moreInReport, rest: f.t.restInReport, tooLong: f.t.tooLongForEmail, notAttached: f.t.notAttached },
  };
}

/**
 * How much of the summary one rendering keeps: the headline and each sentence are cut to
 * `chars` graphemes (before escaping), sentences past `sentences` are left out. Title, figures
 * and the link are in every view.
 */
export interface ReportShape {
  sentences: number;
  chars: number;
}

/**
 * From the whole summary to the leanest (headline, figures, link), for receivers with limits
 * (notify/limits.ts `fitFirst`). A summary normally has under ten sentences; one naming dozens of
 * competitors, or a brand with a long name, is what the lower rungs are for.
 */
export const REPORT_VIEWS: readonly ReportShape[] = [
  { sentences: 50, chars: 3000 },
  { sentences: 12, chars: 500 },
  { sentences: 8, chars: 300 },
  { sentences: 5, chars: 200 },
  { sentences: 3, chars: 150 },
  { sentences: 1, chars: 120 },
  { sentences: 0, chars: 120 },
];

/** The leanest view: what is sent again after a receiver refused a message. */
export const MINIMAL_REPORT_VIEW = REPORT_VIEWS.at(-1)!;

/** The views a delivery tries: all of them, or only the leanest after a receiver refused one. */
export function reportViews(minimal: boolean): readonly ReportShape[] {
  return minimal ? [MINIMAL_REPORT_VIEW] : REPORT_VIEWS;
}

/** The summary as one view keeps it: raw texts on one line, cut; escape them for the format. */
export interface ReportView extends Omit<ReportMessage, 'headline' | 'sentences'> {
  headline: string;
  sentences: string[];
  /** What to say where the summary was cut (`+3 more points in the full report`), or null when nothing was. */
  rest: string | null;
  /** The link is an http(s) URL (else a file path, shown as text). */
  linkIsUrl: boolean;
}

/** The title's display length in every view (Slack's header takes 150). */
const TITLE_CHARS = 150;

/** The message as `shape` keeps it. */
export function messageView(m: ReportMessage, shape: ReportShape): ReportView {
  const headline = oneLine(m.headline, shape.chars);
  const kept = m.sentences.slice(0, shape.sentences);
  const sentences = kept.map((x) => oneLine(x, shape.chars));
  const omitted = m.sentences.length - kept.length;
  const cut = headline !== oneLine(m.headline, Infinity) || sentences.some((x, i) => x !== oneLine(kept[i]!, Infinity));
  const rest = omitted > 0 ? fill(m.labels.more, { n: omitted }) : cut ? m.labels.rest : null;
  return { ...m, title: oneLine(m.title, TITLE_CHARS), headline, sentences, rest, linkIsUrl: /^https?:\/\//i.test(m.link) };
}
