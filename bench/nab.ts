/**
 * Scores a volume rule (`volume_surge` by default) on the NAB Twitter volume series (the data folder's README names its source):
 * each 5-minute count becomes that many mentions spread over the bucket, the real alert engine
 * runs in event time, and every page (opening or escalation) is scored the NAB way (standard
 * profile: tp 1, fp 0.11, fn 1; probation 750 rows; sigmoid-weighted by position).
 *
 *   npx tsx bench/nab.ts [--data <dir>, default $VIGIE_SHARED_DATA/alerts or ../shared/data/alerts] [--defaults] [--kind volume_surge|volume_spike] [--set key=value ...] [--json]
 *   --defaults: the product defaults of volume_surge, next to those of volume_spike (the default until
 *   December 2026) and volume_spike's hour profile. Otherwise --kind with --set overrides, e.g.
 *   --kind volume_spike --set minCount=30 --set window=15m, or --set falsePages=1/week
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { EnrichedMention } from '../core/mention.ts';
import { backtestEngine } from '../alerts/testing.ts';

const ROW_MS = 5 * 60_000;
const PROFILE = { tp: 1, fp: 0.11, fn: 1 };
const PROBATION_ROWS = 750;

/** NAB's scaled sigmoid: 1 at the far left of a window, 0 at its right edge, -1 far after it. */
function scaledSigmoid(x: number): number {
  return x > 3 ? -1 : 2 / (1 + Math.exp(5 * x)) - 1;
}

export interface FileScore {
  file: string;
  windows: number;
  caught: number;
  /** Minutes from each caught window's start to its first page. */
  delays: number[];
  pagesOutside: number;
  raw: number;
}

/** Scores detection rows against windows (row indices, inclusive) exactly as NAB's sweeper does. */
export function nabScore(rows: number, windows: Array<[number, number]>, detections: readonly number[]): { raw: number; caught: number; firstHits: number[]; fps: number } {
  const det = new Set(detections.filter((r) => r >= Math.min(PROBATION_ROWS, Math.floor(rows * 0.15)) && r < rows));
  const maxTP = scaledSigmoid(-1);
  let raw = 0;
  let caught = 0;
  let fps = 0;
  const firstHits: number[] = [];
  let prevEnd: number | undefined;
  let prevWidth = 0;
  let w = 0;
  let hitInWindow = false;
  for (let i = 0; i < rows; i++) {
    const win = windows[w];
    const inside = win !== undefined && i >= win[0] && i <= win[1];
    if (inside) {
      if (det.has(i) && !hitInWindow) {
        hitInWindow = true;
        caught += 1;
        firstHits.push(i);
        const len = win[1] - win[0] + 1;
        raw += (scaledSigmoid(-(win[1] - i + 1) / len) * PROFILE.tp) / maxTP;
      }
      if (i === win[1]) {
        if (!hitInWindow) raw -= PROFILE.fn;
        prevEnd = win[1];
        prevWidth = win[1] - win[0] + 1;
        w += 1;
        hitInWindow = false;
      }
    } else if (det.has(i)) {
      fps += 1;
      raw += (prevEnd === undefined ? -1 : scaledSigmoid(Math.abs(prevEnd - i) / (prevWidth - 1))) * PROFILE.fp;
    }
  }
  return { raw, caught, firstHits, fps };
}

function parseTs(s: string): number {
  return Date.parse(`${s.slice(0, 19).replace(' ', 'T')}Z`);
}

/** Runs one volume rule (`rule` holds its kind and settings) over one series and scores its pages. */
export function runFile(dir: string, file: string, windowsJson: Record<string, string[][]>, rule: Record<string, unknown>): FileScore {
  const lines = readFileSync(join(dir, file), 'utf8').trim().split('\n').slice(1);
  const rows = lines.map((l) => {
    const [ts, v] = l.split(',');
    return { t: parseTs(ts!), v: Number(v) };
  });
  const t0 = rows[0]!.t;
  const { engine, clock } = backtestEngine([{ name: 'nab', ...rule }]);
  const template: EnrichedMention = {
    schemaVersion: 1, id: 'nab', source: { kind: 'nab' }, publishedAt: '', text: '', lang: { code: 'en', confidence: 1 },
    sentiment: { score: 0, label: 'neutral', method: 'nab' }, matches: [], enrichedAt: '',
  };
  const pages: number[] = [];
  for (const r of rows) {
    for (let k = 0; k < r.v; k++) {
      const t = r.t + Math.floor((k * ROW_MS) / r.v);
      clock.set(t);
      for (const a of engine.ingest([{ ...template, publishedAt: new Date(t).toISOString() }])) {
        if (a.type !== 'resolved') pages.push(Date.parse(a.eventTime));
      }
    }
  }
  clock.set(rows.at(-1)!.t + ROW_MS);
  for (const a of engine.evaluate(rows.at(-1)!.t + ROW_MS)) if (a.type !== 'resolved') pages.push(Date.parse(a.eventTime));
  // A page at evaluation time e judges data up to e: it belongs to the row holding e - 1 ms.
  const detRows = pages.map((e) => Math.floor((e - 1 - t0) / ROW_MS));
  const windows = (windowsJson[file] ?? []).map(([a, b]) => [Math.round((parseTs(a!) - t0) / ROW_MS), Math.round((parseTs(b!) - t0) / ROW_MS)] as [number, number]);
  const s = nabScore(rows.length, windows, detRows);
  return {
    file,
    windows: windows.length,
    caught: s.caught,
    delays: s.firstHits.map((row) => ((row - windows.find((w) => row >= w[0] && row <= w[1])![0]) * ROW_MS) / 60_000),
    pagesOutside: s.fps,
    raw: s.raw,
  };
}

export function normalised(scores: FileScore[]): number {
  const n = scores.reduce((s, f) => s + f.windows, 0);
  const raw = scores.reduce((s, f) => s + f.raw, 0);
  const nul = -PROFILE.fn * n;
  return (100 * (raw - nul)) / (PROFILE.tp * n - nul);
}

/**
 * The profile tuned on the 5 development files (hour-long windows suit NAB's day-long labelled
 * anomalies on ticker volume; the product default keeps a 5-minute window for crisis latency).
 */
export const NAB_PROFILE: Record<string, unknown> = { window: '1h', bucket: '5m', baselineWindows: 24, minCount: 40, cooldown: '12h', escalateFactor: 4 };

function parseValue(v: string): unknown {
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

/** Scores one rule setting over every file of `dir`; prints a line per file unless `quiet`. */
function scoreAll(dir: string, rule: Record<string, unknown>, quiet: boolean): { scores: FileScore[]; total: Record<string, unknown> } {
  const windowsJson = JSON.parse(readFileSync(join(dir, 'combined_windows.json'), 'utf8')) as Record<string, string[][]>;
  const scores: FileScore[] = [];
  for (const file of Object.keys(windowsJson).sort()) {
    const started = Date.now();
    const s = runFile(dir, file, windowsJson, rule);
    scores.push(s);
    if (!quiet) {
      const delays = s.delays.map((d) => `${Math.round(d)}`).join(', ');
      process.stdout.write(`${file.padEnd(26)} caught ${s.caught}/${s.windows}  delay(min) [${delays}]  pages outside ${String(s.pagesOutside).padStart(3)}  raw ${s.raw.toFixed(3).padStart(7)}  (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    }
  }
  const total = { rule, caught: scores.reduce((a, s) => a + s.caught, 0), windows: scores.reduce((a, s) => a + s.windows, 0), pagesOutside: scores.reduce((a, s) => a + s.pagesOutside, 0), raw: Number(scores.reduce((a, s) => a + s.raw, 0).toFixed(3)), nab: Number(normalised(scores).toFixed(1)) };
  return { scores, total };
}

function totalLine(t: Record<string, unknown>): string {
  return `caught ${t.caught}/${t.windows}, pages outside ${t.pagesOutside}, raw ${t.raw}, NAB standard score ${t.nab}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, kind: { type: 'string' }, set: { type: 'string', multiple: true }, json: { type: 'boolean' }, defaults: { type: 'boolean' } } });
  const dir = values.data ?? join(process.env.VIGIE_SHARED_DATA ?? new URL('../../shared/data/', import.meta.url).pathname, 'alerts');
  if (values.defaults) {
    // The shipped defaults, next to what shipped before (volume_spike defaults, and its hour profile).
    const runs: Array<[string, Record<string, unknown>]> = [
      ['volume_surge defaults (shipped)', { kind: 'volume_surge' }],
      ['volume_spike defaults (before)', { kind: 'volume_spike' }],
      ['volume_spike hour profile (before, tuned on these files)', { kind: 'volume_spike', ...NAB_PROFILE }],
    ];
    const out: Array<Record<string, unknown>> = [];
    for (const [label, rule] of runs) {
      if (!values.json) process.stdout.write(`== ${label}\n`);
      const { total } = scoreAll(dir, rule, Boolean(values.json));
      out.push({ label, ...total });
      if (!values.json) process.stdout.write(`total: ${totalLine(total)}\n`);
    }
    process.stdout.write(values.json ? `${JSON.stringify(out)}\n` : `\nNAB standard score: ${out.map((o) => `${o.label} ${o.nab}`).join(' | ')}\n`);
    return;
  }
  const kind = values.kind ?? 'volume_surge';
  const overrides: Record<string, unknown> = kind === 'volume_spike' ? { ...NAB_PROFILE } : {};
  for (const kv of values.set ?? []) {
    const [k, v] = kv.split('=', 2);
    if (!k || v === undefined) throw new Error(`--set expects key=value, got ${kv}`);
    if (k.startsWith('seasonality.')) overrides.seasonality = { ...(overrides.seasonality as object), [k.slice(12)]: parseValue(v) };
    else if (k === 'windows') overrides.windows = v.split(',');
    else overrides[k] = parseValue(v);
  }
  const { scores, total } = scoreAll(dir, { kind, ...overrides }, Boolean(values.json));
  process.stdout.write(values.json ? `${JSON.stringify({ ...total, files: scores })}\n` : `total: ${totalLine(total)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
