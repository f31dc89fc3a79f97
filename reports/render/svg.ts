import { escapeHtml } from '../../notify/escape.ts';
/**
 * A small SVG chart layer: inline, static SVG strings with no script, no external font and no
 * remote resource, readable offline, in email clients and in a PDF. Every chart has a `<title>`
 * and a `<desc>` (referenced by `aria-labelledby`) and every text is escaped. Series carry
 * `data-series` attributes so tests can check what was drawn.
 */

export const COLORS = {
  brand: '#1f4e79',
  previous: '#a9bdd3',
  positive: '#2e7d32',
  neutral: '#b0b7bf',
  negative: '#c62828',
  axis: '#6b7280',
  grid: '#e5e7eb',
  text: '#1f2933',
  palette: ['#1f4e79', '#e07b39', '#6a4c93', '#2a9d8f', '#e9c46a', '#8d99ae'],
} as const;

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif"';

let seq = 0;
function uid(prefix: string): string {
  seq = (seq + 1) % 1_000_000;
  return `${prefix}-${seq}`;
}

/** Rounds a number to 2 decimals for compact, stable SVG output. */
function r(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** A "nice" step (1, 2, 5 × 10^k, at least `minStep`) at or above `v`. */
function niceStep(v: number, minStep: number): number {
  if (!Number.isFinite(v) || v <= minStep) return minStep;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return Math.max(minStep, m * p);
  return 10 * p;
}

/**
 * Axis scale for values up to `v`: a nice step and a maximum that is a whole number of steps
 * (counts get whole-number ticks: 0, 10, 20, 30, 40 for 32). Never 0, so nothing divides by it.
 */
export function niceScale(v: number, count = 4, integer = true): { max: number; step: number } {
  const top = Number.isFinite(v) && v > 0 ? v : 1;
  const step = niceStep(top / count, integer ? 1 : 0);
  return { step, max: Math.max(step, Math.ceil(top / step) * step) };
}

/** Tick values from 0 to the scale's maximum. */
export function ticks(scale: { max: number; step: number }): number[] {
  const out: number[] = [];
  for (let t = 0; t <= scale.max + scale.step / 1000; t += scale.step) out.push(Math.round(t * 1000) / 1000);
  return out;
}

interface Frame {
  title: string;
  desc: string;
  width?: number;
  height?: number;
}

function open(kind: string, f: Frame, w: number, h: number): { head: string; id: string } {
  const id = uid(kind);
  return {
    id,
    head:
      `<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-${kind}" data-chart="${kind}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-labelledby="${id}-t ${id}-d" ${FONT} font-size="11">` +
      `<title id="${id}-t">${escapeHtml(f.title)}</title><desc id="${id}-d">${escapeHtml(f.desc)}</desc>`,
  };
}

function legend(items: Array<{ name: string; color: string; dashed?: boolean }>, x: number, y: number): string {
  let out = '';
  let cx = x;
  for (const it of items) {
    out += it.dashed
      ? `<line x1="${r(cx)}" y1="${r(y - 4)}" x2="${r(cx + 14)}" y2="${r(y - 4)}" stroke="${it.color}" stroke-width="2" stroke-dasharray="4 3"/>`
      : `<rect x="${r(cx)}" y="${r(y - 9)}" width="12" height="10" rx="2" fill="${it.color}"/>`;
    out += `<text x="${r(cx + 18)}" y="${r(y)}" fill="${COLORS.text}">${escapeHtml(it.name)}</text>`;
    cx += 26 + it.name.length * 6.2;
  }
  return out;
}

function yAxis(scale: { max: number; step: number }, x0: number, x1: number, top: number, bottom: number, fmt: (n: number) => string): string {
  let out = '';
  const max = scale.max;
  for (const t of ticks(scale)) {
    const y = bottom - (t / max) * (bottom - top);
    out += `<line x1="${r(x0)}" y1="${r(y)}" x2="${r(x1)}" y2="${r(y)}" stroke="${COLORS.grid}"/>`;
    out += `<text x="${r(x0 - 6)}" y="${r(y + 4)}" text-anchor="end" fill="${COLORS.axis}">${escapeHtml(fmt(t))}</text>`;
  }
  return out;
}

export interface LineSeries {
  name: string;
  values: number[];
  color: string;
  /** Fill the area under the line. */
  area?: boolean;
  dashed?: boolean;
}

/** Lines (optionally areas) over categories, e.g. mentions per day this week vs last week. */
export function lineChart(f: Frame & { categories: string[]; series: LineSeries[]; format?: (n: number) => string }): string {
  const w = f.width ?? 640;
  const h = f.height ?? 240;
  const fmt = f.format ?? String;
  const left = 44;
  const right = w - 14;
  const top = 28;
  const bottom = h - 26;
  const n = f.categories.length;
  const scale = niceScale(Math.max(0, ...f.series.flatMap((s) => s.values)));
  const max = scale.max;
  // Points sit at the centre of equal slots (like bars), so the first and last labels fit.
  const slot = (right - left) / Math.max(1, n);
  const x = (i: number) => left + slot * i + slot / 2;
  const y = (v: number) => bottom - (Math.max(0, v) / max) * (bottom - top);
  const { head } = open('line', f, w, h);
  let out = head + yAxis(scale, left, right, top, bottom, fmt);
  f.categories.forEach((c, i) => {
    out += `<text x="${r(x(i))}" y="${r(h - 8)}" text-anchor="middle" fill="${COLORS.axis}">${escapeHtml(c)}</text>`;
  });
  for (const s of f.series) {
    const pts = s.values.map((v, i) => `${r(x(i))},${r(y(v))}`);
    out += `<g class="series" data-series="${escapeHtml(s.name)}" data-values="${escapeHtml(s.values.join(','))}">`;
    if (s.area && pts.length > 0) {
      out += `<path d="M${r(x(0))},${r(bottom)} L${pts.join(' L')} L${r(x(s.values.length - 1))},${r(bottom)} Z" fill="${s.color}" fill-opacity="0.15" stroke="none"/>`;
    }
    out += `<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2.5" stroke-linejoin="round"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`;
    s.values.forEach((v, i) => {
      out += `<circle cx="${r(x(i))}" cy="${r(y(v))}" r="${s.dashed ? 2 : 3}" fill="${s.color}"><title>${escapeHtml(`${s.name} — ${f.categories[i]}: ${fmt(v)}`)}</title></circle>`;
    });
    out += '</g>';
  }
  out += legend(f.series.map((s) => ({ name: s.name, color: s.color, ...(s.dashed ? { dashed: true } : {}) })), left, 14);
  return `${out}</svg>`;
}

export interface BarSeries {
  name: string;
  values: number[];
  color: string;
}

/** Vertical bars, stacked when there are several series (sentiment per day, mentions per hour). */
export function stackedBars(
  f: Frame & {
    categories: string[];
    series: BarSeries[];
    format?: (n: number) => string;
    labelEvery?: number;
    /** A row of already-formatted values under the category labels (e.g. net sentiment per day). */
    secondary?: { label: string; values: string[]; colors?: string[] };
  },
): string {
  const w = f.width ?? 640;
  const extra = f.secondary ? 18 : 0;
  const h = (f.height ?? 240) + extra;
  const fmt = f.format ?? String;
  const left = 44;
  const right = w - 14;
  const top = f.series.length > 1 ? 28 : 14;
  const bottom = h - 26 - extra;
  const n = Math.max(1, f.categories.length);
  const totals = f.categories.map((_, i) => f.series.reduce((s, x) => s + Math.max(0, x.values[i] ?? 0), 0));
  const scale = niceScale(Math.max(0, ...totals));
  const max = scale.max;
  const slot = (right - left) / n;
  const bw = Math.max(2, slot * 0.64);
  const { head } = open('bars', f, w, h);
  let out = head + yAxis(scale, left, right, top, bottom, fmt);
  const every = f.labelEvery ?? 1;
  f.categories.forEach((c, i) => {
    if (i % every === 0) out += `<text x="${r(left + slot * i + slot / 2)}" y="${r(h - 8 - extra)}" text-anchor="middle" fill="${COLORS.axis}">${escapeHtml(c)}</text>`;
  });
  if (f.secondary) {
    const sec = f.secondary;
    out += `<g class="secondary" data-secondary="${escapeHtml(sec.label)}" data-values="${escapeHtml(sec.values.join(','))}"><text x="${r(left - 6)}" y="${r(h - 6)}" text-anchor="end" fill="${COLORS.axis}" font-weight="600">${escapeHtml(sec.label)}</text>`;
    sec.values.forEach((v, i) => {
      out += `<text x="${r(left + slot * i + slot / 2)}" y="${r(h - 6)}" text-anchor="middle" font-weight="600" fill="${sec.colors?.[i] ?? COLORS.text}">${escapeHtml(v)}</text>`;
    });
    out += '</g>';
  }
  const base = new Array<number>(n).fill(0);
  for (const s of f.series) {
    out += `<g class="series" data-series="${escapeHtml(s.name)}" data-values="${escapeHtml(s.values.join(','))}">`;
    s.values.forEach((v, i) => {
      if (v <= 0) return;
      const hh = (v / max) * (bottom - top);
      const yy = bottom - base[i]! - hh;
      base[i]! += hh;
      out += `<rect x="${r(left + slot * i + (slot - bw) / 2)}" y="${r(yy)}" width="${r(bw)}" height="${r(hh)}" fill="${s.color}"><title>${escapeHtml(`${s.name} — ${f.categories[i]}: ${fmt(v)}`)}</title></rect>`;
    });
    out += '</g>';
  }
  if (f.series.length > 1) out += legend(f.series, left, 14);
  return `${out}</svg>`;
}

export interface HBarRow {
  label: string;
  /** Shown at the end of the bar (already formatted). */
  valueLabel: string;
  /** Stacked segments; their sum is the bar length. */
  segments: Array<{ name: string; value: number; color: string }>;
}

/** Horizontal bars (share of voice, platforms), optionally split into segments (tone). */
export function hBars(f: Frame & { rows: HBarRow[]; legend?: Array<{ name: string; color: string }>; max?: number }): string {
  const w = f.width ?? 640;
  const rowH = 24;
  const top = f.legend ? 24 : 6;
  const h = f.height ?? top + Math.max(1, f.rows.length) * rowH + 6;
  const labelW = Math.min(200, Math.max(80, ...f.rows.map((x) => x.label.length * 6.4)));
  const left = labelW + 10;
  const right = w - 70;
  const totals = f.rows.map((x) => x.segments.reduce((s, g) => s + Math.max(0, g.value), 0));
  const max = f.max ?? Math.max(1e-9, ...totals);
  const { head } = open('hbars', f, w, h);
  let out = head;
  if (f.legend) out += legend(f.legend, left, 14);
  f.rows.forEach((row, i) => {
    const y = top + i * rowH;
    const label = row.label.length > 32 ? `${row.label.slice(0, 31)}…` : row.label;
    out += `<g class="row" data-series="${escapeHtml(row.label)}" data-values="${escapeHtml(row.segments.map((s) => s.value).join(','))}">`;
    out += `<text x="${r(left - 8)}" y="${r(y + 15)}" text-anchor="end" fill="${COLORS.text}">${escapeHtml(label)}</text>`;
    out += `<rect x="${r(left)}" y="${r(y + 4)}" width="${r(right - left)}" height="14" fill="${COLORS.grid}" rx="2"/>`;
    let x = left;
    for (const s of row.segments) {
      if (s.value <= 0) continue;
      const ww = (s.value / max) * (right - left);
      out += `<rect x="${r(x)}" y="${r(y + 4)}" width="${r(ww)}" height="14" fill="${s.color}"><title>${escapeHtml(`${row.label} — ${s.name}`)}</title></rect>`;
      x += ww;
    }
    out += `<text x="${r(right + 6)}" y="${r(y + 15)}" fill="${COLORS.text}" font-weight="600">${escapeHtml(row.valueLabel)}</text></g>`;
  });
  return `${out}</svg>`;
}

export interface TimelineEvent {
  /** ms since epoch. */
  t: number;
  label: string;
  color: string;
  /** ms since epoch; draws a bar from t to end. */
  end?: number;
}

/** A week on a line with day ticks and events (alerts and episodes). */
export function timeline(f: Frame & { start: number; end: number; ticks: Array<{ t: number; label: string }>; events: TimelineEvent[] }): string {
  const w = f.width ?? 640;
  const laneH = 17;
  const top = 10;
  const h = f.height ?? top + 30 + Math.max(1, f.events.length) * laneH;
  const left = 14;
  const right = w - 14;
  const span = Math.max(1, f.end - f.start);
  const x = (t: number) => left + ((Math.min(f.end, Math.max(f.start, t)) - f.start) / span) * (right - left);
  const axisY = top + 14;
  const { head } = open('timeline', f, w, h);
  let out = `${head}<line x1="${left}" y1="${axisY}" x2="${right}" y2="${axisY}" stroke="${COLORS.axis}"/>`;
  for (const t of f.ticks) {
    out += `<line x1="${r(x(t.t))}" y1="${axisY - 4}" x2="${r(x(t.t))}" y2="${h}" stroke="${COLORS.grid}"/>`;
    out += `<text x="${r(x(t.t) + 3)}" y="${axisY - 4}" fill="${COLORS.axis}">${escapeHtml(t.label)}</text>`;
  }
  f.events.forEach((e, i) => {
    const y = axisY + 10 + i * laneH;
    const x0 = x(e.t);
    const x1 = e.end !== undefined ? Math.max(x0 + 4, x(e.end)) : x0 + 4;
    out += `<g class="series" data-series="${escapeHtml(e.label)}"><rect x="${r(x0)}" y="${r(y)}" width="${r(x1 - x0)}" height="10" rx="3" fill="${e.color}"/>`;
    const anchorRight = x1 > (left + right) / 2;
    out += `<text x="${r(anchorRight ? x0 - 4 : x1 + 4)}" y="${r(y + 9)}" text-anchor="${anchorRight ? 'end' : 'start'}" fill="${COLORS.text}">${escapeHtml(e.label.length > 70 ? `${e.label.slice(0, 69)}…` : e.label)}</text></g>`;
  });
  return `${out}</svg>`;
}
