import { z } from 'zod';
import { endpointSchema } from '../../../notify/http.ts';
import { channelCommonShape } from '../base.ts';

/** pagerduty: PagerDuty Events API v2 (trigger / acknowledge / resolve, dedup_key = incident id). */
export const pagerdutyConfig = z
  .object({
    kind: z.literal('pagerduty'),
    ...channelCommonShape,
    /** Integration (routing) key of the service, from an env reference: `${PAGERDUTY_ROUTING_KEY}`. */
    routingKey: z.string().regex(/^[A-Za-z0-9]{32}$/, 'must be a 32-character PagerDuty integration key'),
    /** Events API endpoint (change it for EU accounts or tests). */
    url: endpointSchema.default('https://events.pagerduty.com/v2/enqueue'),
    /** `source` field of the event. */
    source: z.string().min(1).default('vigie'),
    /** Send escalations as `acknowledge` instead of a new `trigger` (default: trigger, which updates the incident). */
    acknowledgeOnEscalation: z.boolean().default(false),
  })
  .strict();
export type PagerdutyConfig = z.infer<typeof pagerdutyConfig>;
