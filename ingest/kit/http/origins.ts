import { z } from 'zod';
import { redactUrlText } from '../../../core/redact.ts';

/**
 * Extra origins allowed to receive a source's headers (and request body): the opt-in for the rare
 * feed or API that redirects, or pages, to another origin that needs the same credentials.
 */
export const credentialOriginsSchema = z
  .array(
    z.string().superRefine((s, ctx) => {
      let origin: string | undefined;
      try {
        const u = new URL(s);
        if ((u.protocol === 'http:' || u.protocol === 'https:') && u.hostname) origin = u.origin;
      } catch {
        origin = undefined;
      }
      if (origin === undefined || origin !== s.replace(/\/$/, '')) {
        ctx.addIssue({ code: 'custom', message: `must be an origin: scheme, host and optional port, nothing else (e.g. "https://cdn.example.com"), got ${JSON.stringify(redactUrlText(s.slice(0, 200)))}` });
      }
    }),
  )
  .max(10)
  .optional()
  .describe("Other origins (\"https://host[:port]\") that may receive this source's headers, when its feed or API redirects or pages there. Default: none; headers go only to the origin of the URL.");
