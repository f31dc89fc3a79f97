import { VigieError } from '../core/errors.ts';
import { localParts, zonedToUtc } from './week.ts';

/**
 * A minimal five-field cron (minute hour day-of-month month day-of-week) read in a time zone.
 * Supports `*`, numbers, ranges `a-b`, steps `*\/n` and `a-b/n`, lists `a,b`, month and day
 * names (`jan`, `mon`), `7` for Sunday, and the shortcuts `@weekly`, `@daily`, `@hourly`,
 * `@monthly`. Day-of-month and day-of-week combine with OR when both are restricted (as in
 * Vixie cron). Local times skipped by a DST change do not fire; an ambiguous one fires once.
 */
export interface CronSpec {
  source: string;
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  /** 0 = Sunday .. 6 = Saturday. */
  weekdays: Set<number>;
  dayRestricted: boolean;
  weekdayRestricted: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const SHORTCUTS: Record<string, string> = { '@weekly': '0 0 * * 0', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *', '@monthly': '0 0 1 * *' };

function bad(expr: string, why: string): VigieError {
  return new VigieError('ERR_REPORT_CRON', `cron ${JSON.stringify(expr)}: ${why} (expected "minute hour day-of-month month day-of-week", e.g. "0 8 * * 1" for Mondays 08:00)`);
}

function field(expr: string, text: string, name: string, min: number, max: number, names: string[] = [], nameBase = 0): Set<number> {
  const out = new Set<number>();
  const num = (s: string): number => {
    const i = names.indexOf(s.toLowerCase());
    if (i >= 0) return i + nameBase;
    if (!/^\d+$/.test(s)) throw bad(expr, `${name}: "${s}" is not a number`);
    return Number(s);
  };
  for (const part of text.split(',')) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!m) throw bad(expr, `${name}: cannot read "${part}"`);
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) throw bad(expr, `${name}: step must be at least 1`);
    let lo: number;
    let hi: number;
    if (m[1] === '*') {
      lo = min;
      hi = max;
    } else if (m[1]!.includes('-')) {
      const [a, b] = m[1]!.split('-');
      lo = num(a!);
      hi = num(b!);
    } else {
      lo = num(m[1]!);
      hi = m[2] === undefined ? lo : max;
    }
    if (lo < min || hi > max || lo > hi) throw bad(expr, `${name}: "${part}" is outside ${min}-${max}`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Parses a cron expression; throws ERR_REPORT_CRON saying which field is wrong. */
export function parseCron(expr: string): CronSpec {
  const text = SHORTCUTS[expr.trim().toLowerCase()] ?? expr.trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 5) throw bad(expr, `${parts.length} field${parts.length === 1 ? '' : 's'} instead of 5`);
  const weekdays = field(expr, parts[4]!, 'day-of-week', 0, 7, DAYS);
  if (weekdays.has(7)) {
    weekdays.delete(7);
    weekdays.add(0);
  }
  return {
    source: expr,
    minutes: field(expr, parts[0]!, 'minute', 0, 59),
    hours: field(expr, parts[1]!, 'hour', 0, 23),
    days: field(expr, parts[2]!, 'day-of-month', 1, 31),
    months: field(expr, parts[3]!, 'month', 1, 12, MONTHS, 1),
    weekdays,
    dayRestricted: parts[2] !== '*',
    weekdayRestricted: parts[4] !== '*',
  };
}

function dayMatches(spec: CronSpec, year: number, month: number, day: number): boolean {
  if (!spec.months.has(month)) return false;
  const dow = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const d = spec.days.has(day);
  const w = spec.weekdays.has(dow);
  if (spec.dayRestricted && spec.weekdayRestricted) return d || w;
  return d && w;
}

/**
 * The first instant strictly after `after` (ms) at which `spec` fires in `tz`, or undefined when
 * none within about 5 years (e.g. "0 0 31 2 *"). Walks local calendar days, not minutes.
 */
export function nextFire(spec: CronSpec, after: number, tz: string): number | undefined {
  const p = localParts(after, tz);
  const hours = [...spec.hours].sort((a, b) => a - b);
  const minutes = [...spec.minutes].sort((a, b) => a - b);
  let day = Date.UTC(p.year, p.month - 1, p.day);
  for (let i = 0; i < 366 * 5; i++, day += 86_400_000) {
    const d = new Date(day);
    const y = d.getUTCFullYear();
    const mo = d.getUTCMonth() + 1;
    const dd = d.getUTCDate();
    if (!dayMatches(spec, y, mo, dd)) continue;
    for (const h of hours) {
      for (const mi of minutes) {
        const { t, exact } = zonedToUtc(y, mo, dd, h, mi, tz);
        if (exact && t > after) return t;
      }
    }
  }
  return undefined;
}
