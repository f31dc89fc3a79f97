import { VigieError } from '../core/errors.ts';

/**
 * ISO weeks in a time zone, without a date library. A report week is Monday 00:00 to the next
 * Monday 00:00 *local time*: computed from calendar dates, so a week containing a DST change
 * is 167 or 169 hours long, exactly as the team lives it.
 */

const DAY_MS = 86_400_000;

/** A calendar date (no time zone). */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** One report week: its ISO name, local dates and UTC instants. */
export interface ReportWeek {
  /** `2026-W46`. */
  id: string;
  isoYear: number;
  isoWeek: number;
  timeZone: string;
  /** Monday..Sunday as local calendar dates `YYYY-MM-DD`. */
  days: string[];
  /** UTC instant of Monday 00:00 local. */
  start: Date;
  /** UTC instant of the next Monday 00:00 local (exclusive). */
  end: Date;
}

/** Throws ERR_REPORT_TIMEZONE unless `tz` is an IANA zone this Node.js knows. */
export function checkTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: tz });
    return tz;
  } catch {
    throw new VigieError('ERR_REPORT_TIMEZONE', `unknown time zone ${JSON.stringify(tz)} (use an IANA name such as America/Montreal or Europe/Paris)`);
  }
}

const partsCache = new Map<string, Intl.DateTimeFormat>();
function partsFormat(tz: string): Intl.DateTimeFormat {
  let f = partsCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsCache.set(tz, f);
  }
  return f;
}

/** Local wall-clock fields of an instant in `tz`. */
export function localParts(t: number, tz: string): { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number } {
  const o: Record<string, number> = {};
  for (const p of partsFormat(tz).formatToParts(new Date(t))) if (p.type !== 'literal') o[p.type] = Number(p.value);
  const year = o.year!;
  const month = o.month!;
  const day = o.day!;
  // weekday from the calendar date: 1 = Monday .. 7 = Sunday (ISO)
  const dow = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, hour: o.hour! % 24, minute: o.minute!, second: o.second!, weekday: dow === 0 ? 7 : dow };
}

/** Offset of `tz` from UTC at instant `t`, in ms (positive east of Greenwich). */
export function zoneOffsetMs(t: number, tz: string): number {
  const p = localParts(t, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/**
 * The UTC instant of a local wall-clock time in `tz`. A time skipped by a DST change (02:30 on
 * the spring-forward night) maps to the instant one hour later; an ambiguous one to its first
 * occurrence. `exact` says whether the local time exists as given.
 */
export function zonedToUtc(year: number, month: number, day: number, hour: number, minute: number, tz: string): { t: number; exact: boolean } {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const off1 = zoneOffsetMs(guess, tz);
  let t = guess - off1;
  const off2 = zoneOffsetMs(t, tz);
  if (off2 !== off1) t = guess - off2;
  // An ambiguous time (fall back) has two instants: prefer the earlier one.
  const earlier = guess - zoneOffsetMs(t - 3_600_000, tz);
  if (earlier < t && sameWall(earlier, year, month, day, hour, minute, tz)) t = earlier;
  return { t, exact: sameWall(t, year, month, day, hour, minute, tz) };
}

function sameWall(t: number, year: number, month: number, day: number, hour: number, minute: number, tz: string): boolean {
  const p = localParts(t, tz);
  return p.year === year && p.month === month && p.day === day && p.hour === hour && p.minute === minute;
}

/** `YYYY-MM-DD` of a calendar date. */
export function ymd(d: CalendarDate): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

function addDays(d: CalendarDate, n: number): CalendarDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) + n * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** Monday of ISO week `week` of ISO year `year`. */
export function isoWeekMonday(year: number, week: number): CalendarDate {
  // ISO week 1 is the week with January 4th in it.
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const dow = jan4.getUTCDay() || 7;
  const monday1 = Date.UTC(year, 0, 4) - (dow - 1) * DAY_MS;
  const t = new Date(monday1 + (week - 1) * 7 * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** ISO year and week of a calendar date. */
export function isoWeekOf(d: CalendarDate): { isoYear: number; isoWeek: number } {
  const t = Date.UTC(d.year, d.month - 1, d.day);
  const dow = new Date(t).getUTCDay() || 7;
  const thursday = new Date(t + (4 - dow) * DAY_MS);
  const isoYear = thursday.getUTCFullYear();
  const isoWeek = Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / DAY_MS / 7) + 1;
  return { isoYear, isoWeek };
}

function weeksInIsoYear(year: number): number {
  return isoWeekOf({ year, month: 12, day: 28 }).isoWeek;
}

/** Builds the report week `isoYear`-W`isoWeek` in `tz`. */
export function reportWeek(isoYear: number, isoWeek: number, tz: string): ReportWeek {
  checkTimeZone(tz);
  const monday = isoWeekMonday(isoYear, isoWeek);
  const dates = Array.from({ length: 8 }, (_, i) => addDays(monday, i));
  const start = zonedToUtc(monday.year, monday.month, monday.day, 0, 0, tz).t;
  const next = dates[7]!;
  const end = zonedToUtc(next.year, next.month, next.day, 0, 0, tz).t;
  return {
    id: `${isoYear}-W${String(isoWeek).padStart(2, '0')}`,
    isoYear,
    isoWeek,
    timeZone: tz,
    days: dates.slice(0, 7).map(ymd),
    start: new Date(start),
    end: new Date(end),
  };
}

/** Parses `2026-W46` (also `2026W46`, `2026-w46`); throws ERR_REPORT_WEEK with the expected form. */
export function parseIsoWeek(s: string, tz: string): ReportWeek {
  const m = /^(\d{4})-?[Ww](\d{1,2})$/.exec(s.trim());
  if (!m) throw new VigieError('ERR_REPORT_WEEK', `--week must be an ISO week such as 2026-W46, got ${JSON.stringify(s)}`);
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > weeksInIsoYear(year)) {
    throw new VigieError('ERR_REPORT_WEEK', `${s}: ISO year ${year} has weeks 1 to ${weeksInIsoYear(year)}`);
  }
  return reportWeek(year, week, tz);
}

/** The week `n` weeks before (negative: after) `w`. */
export function shiftWeek(w: ReportWeek, n: number): ReportWeek {
  const monday = isoWeekMonday(w.isoYear, w.isoWeek);
  const { isoYear, isoWeek } = isoWeekOf(addDays(monday, -7 * n));
  return reportWeek(isoYear, isoWeek, w.timeZone);
}

/** The week containing instant `t` in `tz`. */
export function weekContaining(t: number, tz: string): ReportWeek {
  const p = localParts(t, checkTimeZone(tz));
  const { isoYear, isoWeek } = isoWeekOf(p);
  return reportWeek(isoYear, isoWeek, tz);
}

/** The last week that has fully ended at instant `now` in `tz` (the default report week). */
export function lastFullWeek(now: number, tz: string): ReportWeek {
  return shiftWeek(weekContaining(now, tz), 1);
}
