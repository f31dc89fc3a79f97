import { EARLIEST_DATE_MS, FUTURE_SLACK_MS } from '../../../core/mention.ts';

/**
 * Small readers for platform JSON. The `need*` ones throw a MappingError naming the field,
 * which `mapItems` turns into a skipped item with a counted warning; the `opt*` ones return
 * undefined for anything unusable, so a missing count never costs the whole mention.
 */

/** One item of a platform answer could not be mapped; the message names the field. */
export class MappingError extends Error {
  override name = 'MappingError';
}

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function optObject(v: unknown): Json | undefined {
  return isObject(v) ? v : undefined;
}

export function needObject(v: unknown, what: string): Json {
  if (!isObject(v)) throw new MappingError(`${what} is not an object`);
  return v;
}

/** A non-empty string; numbers are accepted as ids often switch between the two. */
export function optString(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function needString(v: unknown, what: string): string {
  const s = optString(v);
  if (s === undefined) throw new MappingError(`${what} is missing`);
  return s;
}

/** A count: a non-negative number or numeric string (YouTube sends "123"); anything else is undefined. */
export function optCount(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return undefined;
  return Math.floor(n);
}

export function optBool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/**
 * Dates outside 1990..now + 1 day are broken data rather than trusted (the mention schema's
 * range): the item is skipped with this reason instead of being dead-lettered downstream.
 */
function checked(ms: number, raw: unknown, what: string): string {
  if (!Number.isFinite(ms) || ms < EARLIEST_DATE_MS || ms > Date.now() + FUTURE_SLACK_MS) throw new MappingError(`${what} is not a valid date (got ${JSON.stringify(raw)?.slice(0, 40)})`);
  return new Date(ms).toISOString();
}

/** Unix seconds (number or numeric string) to ISO-8601 UTC. */
export function needEpochSeconds(v: unknown, what: string): string {
  const n = typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number') throw new MappingError(`${what} is missing or not a number`);
  return checked(n * 1000, v, what);
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An ISO-8601 / RFC 3339 string (Graph API's "+0000" offsets included) to ISO-8601 UTC. */
export function needIsoDate(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new MappingError(`${what} is missing`);
  // V8's Date.parse reads almost anything ("le 5 janvier" is 2001-01-05), so the form is checked first.
  // Graph API writes offsets without a colon ("2026-01-05T12:00:00+0000"), which V8 does read.
  if (!ISO_8601.test(v.trim())) throw new MappingError(`${what} is not an ISO-8601 date (got ${JSON.stringify(v.slice(0, 40))})`);
  return checked(Date.parse(v), v, what);
}

/** Array of the given field, or a MappingError naming it; for the wrapper of an answer. */
export function optArray(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}
