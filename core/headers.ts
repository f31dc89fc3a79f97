import { z } from 'zod';

/** RFC 9110 token characters: what a header name may hold. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Headers Vigie sets itself or that change how the exchange is framed: letting the config set them
 * would allow request smuggling or a body mismatch, never a feature.
 */
const RESERVED = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'upgrade', 'te', 'trailer', 'keep-alive', 'expect', 'proxy-connection', 'accept-encoding']);

/**
 * A header value as Node sends it: printable Latin-1 and tabs only. CR or LF would split the
 * request (header injection); other controls and characters above U+00FF are refused by Node at
 * run time, so they are refused here, in the config, with their position (never the value: it may
 * be a secret).
 */
export function headerValueProblem(v: string): string | undefined {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 9) continue;
    if (c === 10 || c === 13) return `must be on one line (a line break at character ${i + 1} would inject headers)`;
    if (c < 32 || c === 127) return `holds a control character (U+${c.toString(16).padStart(4, '0')}) at character ${i + 1}`;
    if (c > 255) return `holds a character outside Latin-1 (U+${c.toString(16).padStart(4, '0')}) at character ${i + 1}; percent-encode it`;
  }
  if (v.length > 8192) return `is longer than 8192 characters`;
  return undefined;
}

/** A header value from config, checked as above; the message never shows the value. */
export const headerValueSchema = z.string().superRefine((v, ctx) => {
  const p = headerValueProblem(v);
  if (p) ctx.addIssue({ code: 'custom', message: p });
});

/** Extra request headers from config: valid names, not framing headers, valid values. */
export const headersSchema = z.record(z.string(), headerValueSchema).superRefine((h, ctx) => {
  for (const name of Object.keys(h)) {
    if (!TOKEN.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: `is not a valid header name (letters, digits and !#$%&'*+-.^_\`|~ only), got ${JSON.stringify(name.slice(0, 60))}` });
    else if (RESERVED.has(name.toLowerCase())) ctx.addIssue({ code: 'custom', path: [name], message: `is set by Vigie or frames the request: it cannot be configured` });
  }
});

/** A User-Agent from config: a header value that is not empty. */
export const userAgentSchema = headerValueSchema.refine((v) => v.trim().length > 0, { message: 'must not be empty' });
