import { z } from 'zod';
import { redactUrlText } from '../../core/redact.ts';
import { headersSchema, userAgentSchema } from '../../core/headers.ts';
import { credentialOriginsSchema } from '../kit/http/origins.ts';
import { requestTimeoutSchema } from '../../core/duration.ts';
import { FETCH_DEFAULTS } from '../kit/http/fetch.ts';

/** An absolute http(s) URL; the message names what was found, as config errors must. */
export const httpUrlSchema = z.string().superRefine((s, ctx) => {
  let ok = false;
  try {
    const u = new URL(s);
    ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    ok = false;
  }
  if (!ok) ctx.addIssue({ code: 'custom', message: `must be an absolute http(s) URL, got ${JSON.stringify(redactUrlText(s.length > 200 ? `${s.slice(0, 197)}...` : s))}` });
});

/** Config of the `rss` connector (RSS 0.9x/1.0/2.0, Atom, JSON Feed). Unknown keys are errors. */
export const rssConfigSchema = z
  .object({
    url: httpUrlSchema.describe('Feed URL (RSS, Atom, RDF or JSON Feed), absolute http(s).'),
    timeout: requestTimeoutSchema.prefault('30s').describe('Longest time for one fetch, e.g. "30s".'),
    maxBytes: z
      .number()
      .int()
      .positive()
      .default(FETCH_DEFAULTS.maxBytes)
      .describe('Largest feed accepted, in bytes after decompression (default 10 MiB).'),
    userAgent: userAgentSchema.optional().describe('User-Agent sent to the site (default: Vigie with a contact URL).'),
    allowPrivate: z
      .boolean()
      .default(false)
      .describe('Allow feeds on loopback, private or link-local addresses (intranet, tests). Off by default to prevent SSRF.'),
    headers: headersSchema.optional().describe('Extra request headers, e.g. an Authorization for a private feed (use an env reference). Sent only to the origin (scheme, host and port) of `url` and of `credentialOrigins`.'),
    credentialOrigins: credentialOriginsSchema,
  })
  .strict();

export type RssConfig = z.infer<typeof rssConfigSchema>;
