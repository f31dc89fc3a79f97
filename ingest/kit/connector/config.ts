import { z } from 'zod';
import { durationSchema, requestTimeoutSchema } from '../../../core/duration.ts';
import { FETCH_DEFAULTS } from '../http/fetch.ts';
import { userAgentSchema } from '../../../core/headers.ts';
import { credentialOriginsSchema } from '../http/origins.ts';

/**
 * HTTP limits every API connector accepts, spread into its strict schema:
 * `z.object({ ...httpOptionsShape, query: ... }).strict()`.
 */
export const httpOptionsShape = {
  timeout: requestTimeoutSchema.prefault('30s').describe('Longest time for one API call, e.g. "30s".'),
  maxBytes: z
    .number()
    .int()
    .positive()
    .default(FETCH_DEFAULTS.maxBytes)
    .describe('Largest answer accepted, in bytes after decompression (default 10 MiB).'),
  userAgent: userAgentSchema.optional().describe('User-Agent sent to the API (default: Vigie with a contact URL).'),
  allowPrivate: z
    .boolean()
    .default(false)
    .describe('Allow API base URLs on loopback or private addresses (self-hosted instances, tests). Off by default to prevent SSRF.'),
  credentialOrigins: credentialOriginsSchema,
};

/** The parsed HTTP limits, as connectors use them. */
export interface HttpOptions {
  timeout: number;
  maxBytes: number;
  userAgent?: string;
  allowPrivate: boolean;
  /** Other origins that may receive the source's credentials (opt-in); default none. */
  credentialOrigins?: string[];
}

/**
 * A credential field. The config loader resolves `${ENV}` references before validation, so
 * the schema cannot see whether a reference was used: the description tells users to, and
 * connectors never log or put the value in a URL that is logged.
 */
export function secretSchema(what: string): z.ZodString {
  return z.string().min(1).describe(`${what}. Give it as an environment reference such as "\${VIGIE_SECRET}", never inline in the file; it is never logged.`);
}

/** Time window fields of the connectors that query by date (search APIs). */
export const windowShape = {
  lookback: durationSchema
    .prefault('1d')
    .describe('How far back the first poll reaches (no saved cursor yet), e.g. "1d". `vigie backfill` reaches further.'),
  overlap: durationSchema
    .prefault('10m')
    .describe('Each poll re-asks this much before the newest item already seen, to catch items the platform indexed late; the repeats are dropped by id.'),
};
