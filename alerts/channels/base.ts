import { z } from 'zod';
import { requestTimeoutSchema } from '../../core/duration.ts';
import { VigieError } from '../../core/errors.ts';
import { severities, severityRank, type Alert } from '../contracts.ts';
import { languages } from '../render.ts';

/** Config fields every channel has. */
export const channelCommonShape = {
  /** Unique channel name (consumer group and delivery state are keyed on it). */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'must be letters, digits, _ . - (max 100)'),
  /** Language of the message texts. */
  language: z.enum(languages).default('fr'),
  /** Pages below this severity are not sent to this channel. */
  minSeverity: z.enum(severities).default('info'),
  /** Only incidents with one of these rules page through this channel (default: all). */
  rules: z.array(z.string().min(1)).min(1).optional(),
  /** Time allowed for one HTTP attempt. */
  timeout: requestTimeoutSchema.prefault('10s'),
};
const common = z.object(channelCommonShape).strict();
export type ChannelCommon = z.infer<typeof common>;

/**
 * Whether a channel wants an incident it has not been told about yet: its severity reaches the
 * channel's floor and, with a rule filter, one of the incident's rules is listed. Once a channel
 * got an incident's opening it gets its follow-ups (see alerts/delivery-ledger.ts).
 */
export function channelWants(cfg: ChannelCommon, a: Alert): boolean {
  const rules = a.rules?.length ? a.rules.map((r) => r.rule) : [a.rule];
  if (cfg.rules && !rules.some((r) => cfg.rules!.includes(r))) return false;
  return severityRank(a.severity) >= severityRank(cfg.minSeverity);
}
