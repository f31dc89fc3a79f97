import type { ReportData } from '../model.ts';
import { summarize } from '../summary.ts';

/**
 * The report as JSON: every number of `ReportData` plus the summary in both languages. Ratios
 * that cannot be computed are `null`; a non-finite number is a bug and throws instead of being
 * written as `null` silently by JSON.stringify.
 */
export function renderJson(d: ReportData): string {
  const out = { ...d, summary: { fr: summarize(d, 'fr'), en: summarize(d, 'en') } };
  return `${JSON.stringify(out, (key, v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`report JSON: ${key} is ${v}`);
    return v;
  }, 2)}\n`;
}
