import { z } from 'zod';
import { durationSchema } from '../../../core/duration.ts';
import { ruleCommonShape } from '../base.ts';
import { falsePagesSchema } from './budget.ts';

/**
 * volume_surge: how surprising is the number of voices in the last minutes, given this scope's
 * own rhythm for that hour of the week (learned online)? Pages within a false-alarm budget.
 */
export const volumeSurgeConfig = z
  .object({
    kind: z.literal('volume_surge'),
    ...ruleCommonShape,
    /** One crisis is one episode: the rule pages again when it turns critical, or when its ratio to the expected count grows a hundredfold. */
    escalateFactor: z.number().min(1.1).max(1000).default(100),
    /** A crisis dips and rebounds: wait longer before calling it over. */
    resolveAfter: durationSchema.prefault('30m'),
    /** After a resolution, the same scope stays silent this long (unless more severe). */
    cooldown: durationSchema.prefault('2h'),
    /** What is counted: every voice (`mentions`) or negative voices only (`negative`). */
    measure: z.enum(['mentions', 'negative']).default('mentions'),
    /** How many pages on ordinary traffic you accept, e.g. "1/month", "2/week", "1/quarter". */
    falsePages: falsePagesSchema.prefault('1/month'),
    /** Sliding windows tested at every evaluation (short ones catch bursts, long ones swells). */
    windows: z.array(durationSchema).min(1).max(6).prefault(['5m', '15m', '1h', '3h']),
    /** The level track: the last whole hours of this length against the scope's past days' forecast errors (`off` to leave it out). */
    levelWindow: z.union([z.literal('off'), durationSchema]).prefault('12h'),
    /** Also track rises too slow for any window with a CUSUM on 15-minute counts (off: see docs/alerts.md). */
    slowRise: z.boolean().default(false),
    /** No page before the rule has watched the scope this long. */
    learnFor: durationSchema.prefault('1d'),
    /** Hourly history the rhythm is learned from. */
    history: durationSchema.prefault('28d'),
    /** Never pages on fewer voices than this in the window, however unusual. */
    minCount: z.number().int().min(1).default(3),
    /** Critical when the window holds this many times the expected count... */
    criticalRatio: z.number().min(1).default(10),
    /** ...and at least this many voices above it. */
    criticalExcess: z.number().min(0).default(30),
    // `shared` (mentions naming another organisation left out by default) and `expected` (declared peaks: no
    // page on them, nothing learned from them) come from ruleCommonShape, as for every rule.
    /** IANA zone of the weekly rhythm; defaults to `alerts.timeZone`. */
    timeZone: z.string().optional(),
  })
  .strict()
  .refine((c) => c.windows.every((w) => w >= 60_000 && w % 60_000 === 0 && w <= 86_400_000), { message: 'windows must be whole minutes, from 1m to 1d', path: ['windows'] })
  .refine((c) => c.levelWindow === 'off' || (c.levelWindow % 3_600_000 === 0 && c.levelWindow >= 3_600_000 && c.levelWindow <= 86_400_000), { message: 'levelWindow must be whole hours, from 1h to 1d, or "off"', path: ['levelWindow'] })
  .refine((c) => c.history >= 86_400_000, { message: 'history must be at least 1d', path: ['history'] });
export type VolumeSurgeConfig = z.infer<typeof volumeSurgeConfig>;
