import { z } from 'zod';
import { durationSchema, durationBetween, requestTimeoutSchema } from '../../core/duration.ts';

/** Config of the `elasticsearch` sink. Secrets come through env references (`${ES_PASSWORD}`). */
export const elasticsearchSinkConfig = z
  .object({
    node: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as http://127.0.0.1:9200' }).describe('Elasticsearch URL'),
    auth: z
      .union([
        z.object({ username: z.string().min(1), password: z.string().min(1).describe('use an env reference: ${ES_PASSWORD}') }).strict(),
        z.object({ apiKey: z.string().min(1).describe('use an env reference: ${ES_API_KEY}') }).strict(),
      ])
      .optional()
      .describe('basic auth or API key; omit when security is off'),
    caFingerprint: z.string().optional().describe('SHA-256 fingerprint of the CA certificate to pin'),
    indexPrefix: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "-" or "_"').default('vigie').describe('prefix of every index, alias and template'),
    flushCount: z.number().int().min(1).max(100_000).default(1000).describe('largest number of documents in one bulk request'),
    flushBytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(5 * 1024 * 1024).describe('largest bulk request body, bytes'),
    flushInterval: durationBetween(0, 60_000).default(0).describe('how long documents may wait for others before a bulk request leaves ("50ms"); 0 = at once'),
    concurrency: z.number().int().min(1).max(32).default(2).describe('bulk requests in flight at once'),
    requestTimeout: requestTimeoutSchema.default(30_000).describe('timeout of one request ("30s")'),
    retention: durationSchema.optional().describe('keep mentions this long ("400d"): ILM where the cluster has it, else `vigie index prune`'),
  })
  .strict();

export type ElasticsearchSinkConfig = z.infer<typeof elasticsearchSinkConfig>;
