import { z } from 'zod';
import { durationBetween } from '../../../core/duration.ts';
import { severities } from '../../contracts.ts';
import { ruleCommonShape } from '../base.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A duration string within [minMs, maxMs]; a bare number gets a message that asks for the unit. */
const duration = (minMs: number, maxMs: number) => z.string({ error: 'must be a duration with its unit, such as "15m" or "2h"' }).pipe(durationBetween(minMs, maxMs));

/**
 * unanswered: a mention that needs the brand's reply (`reply.needed`), whose priority is at least
 * `minPriority`, still has no answer from an owned account `after` its publication.
 */
export const unansweredConfig = z
  .object({
    kind: z.literal('unanswered'),
    ...ruleCommonShape,
    /** How long a mention may wait for the brand's answer before it pages ("15m"; 1 minute to 7 days). */
    after: duration(MINUTE, 7 * DAY).prefault('15m'),
    /**
     * Priority (0–100, the desk's: influence 35, negativity 30, reach 15, waiting time 20) from
     * which a waiting mention pages. The waiting term grows for two hours, so a mention below the
     * threshold at `after` pages later if its wait lifts it over.
     */
    minPriority: z.number({ error: 'must be a priority from 0 to 100' }).min(0, 'must be a priority from 0 to 100').max(100, 'must be a priority from 0 to 100').default(50),
    /** Severity of the page (quiet hours let `critical` through by default). */
    severity: z.enum(severities).default('warning'),
    /**
     * A mention still unanswered this long after its publication stops counting (the incident
     * can then resolve); it never pages again. 1 hour to 30 days, longer than `after`.
     */
    forgetAfter: duration(60 * MINUTE, 30 * DAY).prefault('24h'),
    /** Most waiting mentions remembered per scope (the highest priorities are kept). */
    maxWaiting: z.number().int().min(10).max(5000).default(2000),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.forgetAfter <= c.after) ctx.addIssue({ code: 'custom', path: ['forgetAfter'], message: `must be longer than after (${c.after / MINUTE} min), got ${c.forgetAfter / MINUTE} min` });
  });
export type UnansweredConfig = z.infer<typeof unansweredConfig>;
