import { z } from 'zod';
import { VigieError } from './errors.ts';

/** Bumped when a change to the mention is not backward compatible. */
export const SCHEMA_VERSION = 1;

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO-8601 date' });
const count = z.number().int().nonnegative();

export const sourceSchema = z.object({
  /** Connector kind (`rss`, `reddit`, `mastodon`...). */
  kind: z.string().min(1),
  /** Configured source name. */
  name: z.string().optional(),
  /** Where the connector read it (feed URL, API endpoint). */
  url: z.string().optional(),
});

export const authorSchema = z.object({
  id: z.string().optional(),
  handle: z.string().optional(),
  name: z.string().optional(),
  url: z.string().optional(),
  followers: count.optional(),
  verified: z.boolean().optional(),
});

export const engagementSchema = z.object({
  likes: count.optional(),
  shares: count.optional(),
  replies: count.optional(),
  views: count.optional(),
});

export const geoSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  country: z.string().optional(),
  place: z.string().optional(),
});

/** A mention as a connector produced it. Only id, source.kind, publishedAt and text are required. */
export const rawMentionSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION).default(SCHEMA_VERSION),
  /** Stable id: `<source kind>:<native id>`, or `<kind>:url:<sha1 of canonical URL>`. */
  id: z.string().min(1).max(512),
  source: sourceSchema,
  url: z.string().optional(),
  publishedAt: isoDate,
  fetchedAt: isoDate.optional(),
  title: z.string().optional(),
  /** Plain text, HTML removed, word boundaries kept. May be empty (e.g. an image post). */
  text: z.string(),
  author: authorSchema.optional(),
  engagement: engagementSchema.optional(),
  parentId: z.string().optional(),
  threadId: z.string().optional(),
  /** Language the source declares (ISO 639-1), if any. */
  lang: z.string().optional(),
  geo: geoSchema.optional(),
});
export type RawMention = z.infer<typeof rawMentionSchema>;
export type RawMentionInput = z.input<typeof rawMentionSchema>;

export const sentimentLabels = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof sentimentLabels)[number];
export const watchRoles = ['brand', 'competitor', 'industry'] as const;
export type WatchRole = (typeof watchRoles)[number];

export const enrichmentSchema = z.object({
  /** Detected language: ISO 639-1 code or `und`, with a confidence in [0, 1]. */
  lang: z.object({ code: z.string(), confidence: z.number().min(0).max(1), method: z.string().optional() }),
  sentiment: z.object({
    score: z.number().min(-1).max(1),
    label: z.enum(sentimentLabels),
    confidence: z.number().min(0).max(1).optional(),
    method: z.string(),
  }),
  /** Watch entries matched, each with its role. */
  matches: z.array(z.object({ name: z.string(), role: z.enum(watchRoles) })),
  influence: z.object({ score: z.number().min(0).max(100), reach: z.number().nonnegative() }),
  entities: z.object({
    hashtags: z.array(z.string()),
    handles: z.array(z.string()),
    urls: z.array(z.string()),
    domains: z.array(z.string()),
  }),
  /** Id of the first mention seen with the same text (retweet, cross-post, syndicated copy). */
  duplicateOf: z.string().optional(),
});
export type Enrichment = z.infer<typeof enrichmentSchema>;

export const enrichedMentionSchema = rawMentionSchema.omit({ lang: true }).extend({
  /** Language the source declared, kept apart from the detected one. */
  declaredLang: z.string().optional(),
  lang: enrichmentSchema.shape.lang,
  sentiment: enrichmentSchema.shape.sentiment,
  matches: enrichmentSchema.shape.matches,
  influence: enrichmentSchema.shape.influence.optional(),
  entities: enrichmentSchema.shape.entities.optional(),
  duplicateOf: z.string().optional(),
  enrichedAt: isoDate,
});
export type EnrichedMention = z.infer<typeof enrichedMentionSchema>;

/** Turns zod issues into one readable line: `path: message; path: message`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new VigieError('ERR_SCHEMA_INVALID', `invalid ${what}: ${formatIssues(r.error.issues)}`);
  }
  return r.data;
}

/** Validates a raw mention at a boundary; throws ERR_SCHEMA_INVALID with every problem. */
export function parseRawMention(value: unknown): RawMention {
  return parseWith(rawMentionSchema, value, 'raw mention');
}

export function parseEnrichedMention(value: unknown): EnrichedMention {
  return parseWith(enrichedMentionSchema, value, 'enriched mention');
}
