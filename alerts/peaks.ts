import { z } from 'zod';

const isoDate = z.string().refine((s) => /[zZ]|[+-]\d\d:?\d\d$/.test(s) && !Number.isNaN(Date.parse(s)), {
  message: 'must be an ISO-8601 date-time with a zone, such as "2026-12-10T14:00:00-05:00"',
});

/**
 * A peak announced in advance (launch, campaign, TV spot), declared once under `alerts.expected`
 * (or in one rule's `expected`). Every rule honours it by what it measures: volume rules neither
 * page on it nor learn from it, `new_term` takes the terms it brings as vocabulary, and
 * `sentiment_drop` leaves its enthusiasm out of the mood it compares with. Rules that judge
 * content (crisis words, negative share, an influential critic) still page during it.
 */
export const expectedPeakSchema = z
  .object({
    /** Start of the peak (ISO-8601 with a zone). */
    from: isoDate.transform((s) => Date.parse(s)),
    /** End of the peak; volume rules stay quiet until their window has left it. */
    to: isoDate.transform((s) => Date.parse(s)),
    /** Watch entries the peak concerns (default: every scope of every rule). */
    names: z.array(z.string().min(1)).min(1).optional(),
    /** What it is, shown nowhere but in the config (for the team). */
    note: z.string().max(200).optional(),
  })
  .strict()
  // Judged only when both dates are valid: a bad start is reported once, by its own path.
  .refine((p) => !(Number.isFinite(p.from) && Number.isFinite(p.to)) || p.to > p.from, { message: 'to must be after from', path: ['to'] });
export type ExpectedPeak = z.infer<typeof expectedPeakSchema>;

/** Whether a peak concerns a scope key (`entry:<name>`, a pooled set, `all`). */
export function peakConcerns(p: Pick<ExpectedPeak, 'names'>, scopeKey: string): boolean {
  if (!p.names) return true;
  // A pooled scope or all mentions holds the entry's volume too.
  return scopeKey.startsWith('entry:') ? p.names.includes(scopeKey.slice(6)) : !scopeKey.startsWith('source:');
}

/** Whether [from, to) overlaps a peak concerning `scopeKey`, the peak extended by `afterMs`. */
export function inPeak(peaks: readonly Pick<ExpectedPeak, 'from' | 'to' | 'names'>[], scopeKey: string, from: number, to: number, afterMs = 0): boolean {
  return peaks.some((p) => from < p.to + afterMs && to > p.from && peakConcerns(p, scopeKey));
}
