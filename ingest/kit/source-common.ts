import { z } from 'zod';
import { durationSchema, pollIntervalSchema } from '../../core/duration.ts';

/**
 * Fields every source has, whatever its kind. The config loader merges them with the
 * connector's own schema: `sourceCommon.extend(def.config.shape).strict()`.
 */
export const sourceCommon = z.object({
  /** Unique name of the source in the config, used in logs, metrics, cursors and mentions. */
  name: z
    .string()
    .regex(/^[a-z0-9._-]+$/, { message: 'must use only lower-case letters, digits, ".", "_" and "-" (e.g. "vendor-blog")' })
    .max(100)
    .describe('Unique name of the source: lower-case letters, digits, ".", "_" and "-".'),
  /** Connector kind (`rss`...). */
  kind: z.string().min(1).describe('Connector kind, e.g. "rss".'),
  /** Time between two polls ("30s", "5m"); milliseconds once parsed. */
  interval: pollIntervalSchema.prefault('5m').describe('Time between two polls, e.g. "5m".'),
  /**
   * Longest time without a new mention before the source is flagged silent in health and in
   * `vigie_source_silent` (alert rules use it). Default: flagged only when no poll succeeded
   * for 3 x interval.
   */
  expectSilenceAfter: durationSchema.optional().describe('Flag the source as silent when it brings no new mention for this long, e.g. "6h" (default: only when it stops answering for 3 x interval).'),
  /** A disabled source is validated but never polled. */
  enabled: z.boolean().default(true).describe('Set to false to keep a source in the file without polling it.'),
  /**
   * Whether this source also reads the posts of the brand's own accounts on its platform
   * (`watch[].owned`). Default: the first enabled source of each kind does, the others do not.
   */
  readOwned: z.boolean().optional().describe("Also read what the brand's owned accounts on this platform post (watch[].owned), one extra call per account and interval. Default: only the first source of each kind does; true picks this one, false never."),
});

export type SourceCommon = z.infer<typeof sourceCommon>;

/** A source entry after validation: the common fields plus its connector's own fields. */
export type ValidatedSource = SourceCommon & Record<string, unknown>;
