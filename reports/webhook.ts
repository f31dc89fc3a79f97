import { oneLine, originOf, safeUrl } from '../notify/escape.ts';
import { fitFirst, webhookFits } from '../notify/limits.ts';
import { REPORT_VIEWS, messageView, type ReportMessage, type ReportShape } from './message.ts';
import type { ReportData } from './model.ts';

/**
 * The report webhook's JSON body, within WEBHOOK_MAX_BYTES (notify/limits.ts) like alert
 * webhooks. Sent whole when it fits; otherwise every list of `report` keeps its first rows and
 * long texts are cut (URLs become their site's origin), then `report` is left out (`null`):
 * `omitted` says how many rows of each list were left out (`"people.leaders": 12`), `cut` that
 * texts were shortened, and `link` / `files` lead to the full report.
 */

/** How much of the report data one body keeps; null leaves the data out. */
interface DataShape {
  rows: number;
  chars: number;
}

/** Lists that are the week's frame, never cut (seven days, 24 hours). */
const FRAME = new Set(['week.days', 'byDay', 'peakDay.byHour']);

const STEPS: ReadonlyArray<{ data: DataShape | null; summary: ReportShape }> = [
  { data: { rows: 50, chars: 1000 }, summary: REPORT_VIEWS[0]! },
  { data: { rows: 20, chars: 300 }, summary: REPORT_VIEWS[0]! },
  { data: { rows: 10, chars: 200 }, summary: REPORT_VIEWS[1]! },
  { data: { rows: 5, chars: 120 }, summary: REPORT_VIEWS[2]! },
  { data: { rows: 3, chars: 80 }, summary: REPORT_VIEWS[3]! },
  { data: null, summary: REPORT_VIEWS[3]! },
  { data: null, summary: REPORT_VIEWS.at(-1)! },
];

/** A copy of the data with lists and texts cut to `shape`; counts what it left out in `omitted`. */
function trim(v: unknown, shape: DataShape, path: string, key: string, omitted: Record<string, number>, cut: { any: boolean }): unknown {
  if (typeof v === 'string') {
    if (v.length <= shape.chars) return v;
    cut.any = true;
    // A cut URL would lead nowhere: its origin still says where the mention was.
    if (/url$/i.test(key)) {
      const safe = safeUrl(v);
      return safe ? originOf(safe) : null;
    }
    return oneLine(v, shape.chars);
  }
  if (Array.isArray(v)) {
    const keep = FRAME.has(path) ? v : v.slice(0, shape.rows);
    if (keep.length < v.length) omitted[path] = (omitted[path] ?? 0) + v.length - keep.length;
    return keep.map((x) => trim(x, shape, path, key, omitted, cut));
  }
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, trim(x, shape, path ? `${path}.${k}` : k, k, omitted, cut)]));
  }
  return v;
}

/** The body: `{version, type, title, summary, figures, link, files, report}`, plus `omitted` / `cut` when it was fitted. */
export function reportWebhookBody(d: ReportData, m: ReportMessage, minimal = false): string {
  const head = (v: { title: string; headline: string; sentences: string[] }) => ({ version: 1, type: 'vigie.report', title: v.title, summary: { headline: v.headline, sentences: v.sentences }, figures: m.figures, link: m.link, files: m.files });
  if (!minimal) {
    const whole = JSON.stringify({ ...head(m), report: d });
    if (webhookFits(whole)) return whole;
  }
  return fitFirst(
    minimal ? STEPS.slice(-1) : STEPS,
    (step) => {
      const omitted: Record<string, number> = {};
      const cut = { any: false };
      const report = step.data ? trim(d, step.data, '', '', omitted, cut) : null;
      const v = messageView(m, step.summary);
      const left = m.sentences.length - v.sentences.length;
      if (left > 0) omitted['summary.sentences'] = left;
      cut.any ||= v.rest !== null && left === 0;
      return JSON.stringify({ ...head(v), report, omitted, cut: cut.any });
    },
    webhookFits,
  );
}
