import type { Client } from '@elastic/elasticsearch';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isVigieError, toVigieError } from '../core/errors.ts';
import type { ReportFormat, ReportLocale } from './config.ts';
import type { ReportData } from './model.ts';
import { fetchReportData } from './queries.ts';
import { htmlToPdf } from './render/chromium.ts';
import { renderHtml } from './render/html.ts';
import { renderJson } from './render/json.ts';
import { renderMarkdown } from './render/markdown.ts';
import type { VoiceGroup } from './voice.ts';
import type { ReportWeek } from './week.ts';

export interface GenerateOptions {
  client: Client;
  prefix: string;
  brand: string;
  competitors: readonly string[];
  /** Share-of-voice rows by organisation (`reportSubjects`); omitted: one row per entry. */
  voice?: readonly VoiceGroup[];
  /** Platforms where the brand has owned accounts; none: no response section. */
  ownedPlatforms?: readonly string[];
  week: ReportWeek;
  locale: ReportLocale;
  formats: readonly ReportFormat[];
  outDir: string;
  now?: number;
  signal?: AbortSignal;
  /** Chromium binary (default: found on PATH). */
  browser?: string;
}

export interface GeneratedReport {
  data: ReportData;
  files: Array<{ format: ReportFormat; path: string }>;
  /** Formats that could not be produced, with the reason (e.g. no Chromium for the PDF). */
  failed: Array<{ format: ReportFormat; code: string; message: string }>;
}

/** `Brûlerie Boréale` → `brulerie-boreale` (file names). */
export function slug(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'report';
}

/** Base file name of a report, without extension: `<brand>-<week>-<locale>`. */
export function reportBaseName(brand: string, weekId: string, locale: ReportLocale): string {
  return `${slug(brand)}-${weekId}-${locale}`;
}

/**
 * Fetches the numbers once and writes every requested format into `outDir`. A format that
 * cannot be produced (PDF without Chromium) is listed in `failed`; the others are still written.
 */
export async function generateReport(o: GenerateOptions): Promise<GeneratedReport> {
  const data = await fetchReportData(o.client, {
    prefix: o.prefix,
    brand: o.brand,
    competitors: o.competitors,
    ...(o.voice ? { voice: o.voice } : {}),
    ...(o.ownedPlatforms ? { ownedPlatforms: o.ownedPlatforms } : {}),
    week: o.week,
    ...(o.now !== undefined ? { now: o.now } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  return writeReport(data, o);
}

/** Writes the formats of already-fetched report data. */
export async function writeReport(data: ReportData, o: Pick<GenerateOptions, 'locale' | 'formats' | 'outDir' | 'browser'>): Promise<GeneratedReport> {
  const dir = resolve(o.outDir);
  await mkdir(dir, { recursive: true });
  const base = join(dir, reportBaseName(data.brand, data.week.id, o.locale));
  const files: GeneratedReport['files'] = [];
  const failed: GeneratedReport['failed'] = [];
  const html = renderHtml(data, o.locale);
  for (const format of o.formats) {
    if (format === 'html') await write(files, format, `${base}.html`, html);
    else if (format === 'md') await write(files, format, `${base}.md`, renderMarkdown(data, o.locale));
    else if (format === 'json') await write(files, format, `${base}.json`, renderJson(data));
  }
  if (o.formats.includes('pdf')) {
    // Chromium prints a file: reuse the written HTML, or a temporary copy when HTML was not asked for.
    const tmp = o.formats.includes('html') ? undefined : await mkdtemp(join(tmpdir(), 'vigie-report-'));
    const htmlPath = tmp ? join(tmp, 'report.html') : `${base}.html`;
    try {
      if (tmp) await writeFile(htmlPath, html);
      await htmlToPdf(htmlPath, `${base}.pdf`, o.browser ? { browser: o.browser } : {});
      files.push({ format: 'pdf', path: `${base}.pdf` });
    } catch (e) {
      const err = toVigieError(e, 'ERR_REPORT_PDF_FAILED');
      if (!isVigieError(e)) throw e;
      failed.push({ format: 'pdf', code: err.code, message: err.message });
    } finally {
      if (tmp) await rm(tmp, { recursive: true, force: true });
    }
  }
  return { data, files, failed };
}

async function write(files: GeneratedReport['files'], format: ReportFormat, path: string, body: string): Promise<void> {
  await writeFile(path, body, 'utf8');
  files.push({ format, path });
}
