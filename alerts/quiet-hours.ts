import { z } from 'zod';
import { severities, severityRank, type Severity } from './contracts.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h), e.g. "22:00"');
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * Quiet hours in the configured time zone: pages below `minSeverity` wait until they end (the
 * episode stays open and pages then if it is still going on).
 */
export const quietHoursSchema = z
  .object({
    from: hhmm,
    to: hhmm,
    /** Days the quiet period starts on (default every day). */
    days: z.array(z.enum(weekdays)).min(1).optional(),
    /** Severity that pages even during quiet hours. */
    minSeverity: z.enum(severities).default('critical'),
  })
  .strict();
export type QuietHours = z.infer<typeof quietHoursSchema>;

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(ms: number, timeZone: string): { day: number; minutes: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = weekdays.indexOf(get('weekday').toLowerCase().slice(0, 3) as (typeof weekdays)[number]);
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

function toMinutes(s: string): number {
  return Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
}

/** True when `ms` falls in the quiet period (which may span midnight) in `timeZone`. */
export function isQuiet(ms: number, q: QuietHours, timeZone: string): boolean {
  const { day, minutes } = localParts(ms, timeZone);
  const from = toMinutes(q.from);
  const to = toMinutes(q.to);
  const startsOn = (d: number) => !q.days || q.days.includes(weekdays[(d + 7) % 7]!);
  if (from === to) return false;
  if (from < to) return minutes >= from && minutes < to && startsOn(day);
  // Spans midnight: the evening part belongs to today, the morning part to yesterday's period.
  if (minutes >= from) return startsOn(day);
  if (minutes < to) return startsOn(day - 1);
  return false;
}

/** Whether a page of `severity` may go out at `ms`. */
export function quietAllows(ms: number, severity: Severity, q: QuietHours | undefined, timeZone: string): boolean {
  if (!q || severityRank(severity) >= severityRank(q.minSeverity)) return true;
  return !isQuiet(ms, q, timeZone);
}
