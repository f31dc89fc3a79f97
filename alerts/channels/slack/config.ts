import { z } from 'zod';
import { endpointSchema } from '../../../notify/http.ts';
import { channelCommonShape } from '../base.ts';

/**
 * slack: either an incoming webhook (`url`) or the Web API (`token` + `channel`). Only the Web
 * API threads an incident: `chat.postMessage` returns the message's `ts`, which later events
 * pass as `thread_ts`. An incoming webhook answers a bare `ok`, so Vigie cannot learn where its
 * opening landed: it posts the opening, escalations and the resolution as separate messages and
 * leaves quiet updates out.
 */
export const slackConfig = z
  .object({
    kind: z.literal('slack'),
    ...channelCommonShape,
    /** Incoming webhook URL (a secret: use an env reference). */
    url: endpointSchema.optional(),
    /** Bot token (`xoxb-...`, scope `chat:write`), from an env reference. */
    token: z.string().regex(/^xox[bp]-[A-Za-z0-9-]+$/, 'must be a Slack bot token (xoxb-...)').optional(),
    /** Channel id (`C0123456789`) the bot is a member of. */
    channel: z.string().regex(/^[CGD][A-Z0-9]{6,}$/, 'must be a Slack channel id such as C0123456789 (channel details, bottom)').optional(),
    /** Web API base (change it for tests). */
    apiUrl: endpointSchema.default('https://slack.com/api'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const api = c.token !== undefined || c.channel !== undefined;
    if (c.url && api) ctx.addIssue({ code: 'custom', path: ['url'], message: 'give either url (incoming webhook) or token + channel (Web API, threads incidents), not both' });
    else if (!c.url && !api) ctx.addIssue({ code: 'custom', path: ['url'], message: 'give url (incoming webhook) or token + channel (Web API, threads incidents)' });
    else if (api && !c.token) ctx.addIssue({ code: 'custom', path: ['token'], message: 'channel is set: give the bot token (${SLACK_BOT_TOKEN})' });
    else if (api && !c.channel) ctx.addIssue({ code: 'custom', path: ['channel'], message: 'token is set: give the channel id (C0123456789)' });
  });
export type SlackConfig = z.infer<typeof slackConfig>;
