import { z } from 'zod';
import { VigieError } from './errors.ts';

/** Bumped when a change to the mention is not backward compatible. */
export const SCHEMA_VERSION = 1;

/** Earliest date believed: older dates in feeds and APIs are placeholders ("0001-01-01", "1970"). */
export const EARLIEST_DATE_MS = Date.UTC(1990, 0, 1);
/** How far ahead of now a date may be (clock skew, time zones); further is a wrong clock. */
export const FUTURE_SLACK_MS = 86_400_000;

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/i;

/**
 * Why `v` is not a date a mention may carry, or undefined when it is: ISO 8601 with a time and
 * an offset ("2026-03-01T09:00:00Z", "...+01:00"), a real calendar day, between 1990-01-01 and
 * now + 1 day. `Date.parse` alone reads "1" as 2001 and takes year 0 or +99999, which then name
 * indices no retention ever deletes and make replays walk through centuries.
 */
export function dateProblem(v: unknown, now: number = Date.now()): string | undefined {
  if (typeof v !== 'string') return 'must be an ISO-8601 date string';
  const m = ISO_WITH_OFFSET.exec(v);
  if (!m) return `must be an ISO-8601 date with a time and an offset, such as "2026-03-01T09:00:00Z", got ${JSON.stringify(v.slice(0, 40))}`;
  const [y, mo, d, h, mi, sec = '0', oh = '0', om = '0'] = m.slice(1).map((x) => x ?? '0');
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 60 || Number(oh) > 23 || Number(om) > 59) {
    return `is not a real date and time, got ${JSON.stringify(v.slice(0, 40))}`;
  }
  const t = Date.parse(v);
  if (Number.isNaN(t)) return `is not a real date and time, got ${JSON.stringify(v.slice(0, 40))}`;
  if (t < EARLIEST_DATE_MS || t > now + FUTURE_SLACK_MS) return `must lie between 1990-01-01 and tomorrow, got ${JSON.stringify(v.slice(0, 40))}`;
  return undefined;
}

const isoDate = z.string().superRefine((s, ctx) => {
  const problem = dateProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const count = z.number().int().nonnegative();

const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

/** True for an absolute http(s) URL: the only links a mention may carry. */
export function isHttpUrl(v: unknown): v is string {
  return typeof v === 'string' && HTTP_URL.test(v);
}

/**
 * A link field: a javascript:, data: or vbscript: URL (or any other scheme) would become a
 * clickable link in Kibana, alerts and reports, so it is dropped here, at every stage boundary,
 * whatever the connector; the rest of the mention is kept.
 */
const linkField = z.string().transform((s) => (isHttpUrl(s) ? s : undefined));

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
  url: linkField.optional(),
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
  url: linkField.optional(),
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
/** Why a mention waits for the brand's answer. */
export const replyReasons = ['addressed', 'question', 'complaint'] as const;
export type ReplyReason = (typeof replyReasons)[number];

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
  /**
   * Whether the brand owes an answer: `needed` with its reasons; `owner` = the brand whose owned
   * account wrote the mention (its replies answer others; it never waits itself).
   */
  reply: z.object({ needed: z.boolean(), reasons: z.array(z.enum(replyReasons)), owner: z.string().optional() }).optional(),
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
  reply: enrichmentSchema.shape.reply,
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

// Fast path of the boundary validation. Every mention crosses two or three boundaries (enrich,
// index, alerts), and zod copies each object it validates: a plain check of the common case
// (JSON with exactly the schema's fields, all valid) returns the value itself, which is what zod
// would return field for field. Anything else (unknown or undefined keys, a default to fill, any
// doubtful value) goes to zod, which decides and words the errors. The checks below may only be
// stricter than the schemas, never looser: core/mention.test.ts compares both on mutated mentions.

type Check = (v: unknown) => boolean;
type Fields = ReadonlyMap<string, { check: Check; required: boolean }>;

function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** True when `v` is a plain object whose keys are all in `fields`, every required one present, every value passing. */
function fits(v: unknown, fields: Fields, required: number): boolean {
  if (!isPlain(v)) return false;
  let seen = 0;
  for (const k in v) {
    const f = fields.get(k);
    const x = v[k];
    if (f === undefined || x === undefined || !f.check(x)) return false;
    if (f.required) seen++;
  }
  return seen === required;
}

function object(spec: Record<string, Check>, optional: readonly string[] = []): Check {
  const fields: Fields = new Map(Object.entries(spec).map(([k, check]) => [k, { check, required: !optional.includes(k) }]));
  const required = [...fields.values()].filter((f) => f.required).length;
  return (v) => fits(v, fields, required);
}

const str: Check = (v) => typeof v === 'string';
const nonEmpty: Check = (v) => typeof v === 'string' && v.length > 0;
const date: Check = (v) => dateProblem(v) === undefined;
const bool: Check = (v) => typeof v === 'boolean';
const countOk: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const within = (lo: number, hi: number): Check => (v) => typeof v === 'number' && v >= lo && v <= hi;
const oneOf = (xs: readonly string[]): Check => (v) => typeof v === 'string' && xs.includes(v);
const arrayOf =
  (c: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) return false;
    // An indexed loop, not every(): every() skips the holes of a sparse array, zod does not.
    for (let i = 0; i < v.length; i++) if (!c(v[i])) return false;
    return true;
  };

const rawChecks: Record<string, Check> = {
  schemaVersion: (v) => v === SCHEMA_VERSION,
  id: (v) => typeof v === 'string' && v.length >= 1 && v.length <= 512,
  source: object({ kind: nonEmpty, name: str, url: str }, ['name', 'url']),
  url: isHttpUrl,
  publishedAt: date,
  fetchedAt: date,
  title: str,
  text: str,
  author: object({ id: str, handle: str, name: str, url: isHttpUrl, followers: countOk, verified: bool }, ['id', 'handle', 'name', 'url', 'followers', 'verified']),
  engagement: object({ likes: countOk, shares: countOk, replies: countOk, views: countOk }, ['likes', 'shares', 'replies', 'views']),
  parentId: str,
  threadId: str,
  lang: str,
  geo: object({ lat: within(-90, 90), lon: within(-180, 180), country: str, place: str }, ['country', 'place']),
};
const rawOptional = ['url', 'fetchedAt', 'title', 'author', 'engagement', 'parentId', 'threadId', 'lang', 'geo'];

const { lang: _declared, ...rawCommon } = rawChecks;
const enrichedChecks: Record<string, Check> = {
  ...rawCommon,
  declaredLang: str,
  lang: object({ code: str, confidence: within(0, 1), method: str }, ['method']),
  sentiment: object({ score: within(-1, 1), label: oneOf(sentimentLabels), confidence: within(0, 1), method: str }, ['confidence']),
  matches: arrayOf(object({ name: str, role: oneOf(watchRoles) })),
  influence: object({ score: within(0, 100), reach: within(0, Number.MAX_VALUE) }),
  entities: object({ hashtags: arrayOf(str), handles: arrayOf(str), urls: arrayOf(str), domains: arrayOf(str) }),
  duplicateOf: str,
  reply: object({ needed: bool, reasons: arrayOf(oneOf(replyReasons)), owner: str }, ['owner']),
  enrichedAt: date,
};
const enrichedOptional = [...rawOptional.filter((k) => k !== 'lang'), 'declaredLang', 'influence', 'entities', 'duplicateOf', 'reply'];

/**
 * The fast check of a schema, or a check that always defers to zod when the schema has a field
 * the fast check does not know (a field added to the schema is validated by zod until added here).
 */
function fastCheck(schema: z.ZodObject, checks: Record<string, Check>, optional: readonly string[]): Check {
  const shape = schema.shape as Record<string, z.ZodType>;
  const keys = Object.keys(shape);
  const sameKeys = keys.length === Object.keys(checks).length && keys.every((k) => k in checks);
  // A field the fast check lets be absent must be optional in the schema too.
  if (!sameKeys || !optional.every((k) => shape[k]?.safeParse(undefined).success)) return () => false;
  return object(checks, optional);
}

export const fastRawMention = fastCheck(rawMentionSchema, rawChecks, rawOptional);
export const fastEnrichedMention = fastCheck(enrichedMentionSchema, enrichedChecks, enrichedOptional);

/** Validates a raw mention at a boundary; throws ERR_SCHEMA_INVALID with every problem. */
export function parseRawMention(value: unknown): RawMention {
  return fastRawMention(value) ? (value as RawMention) : parseWith(rawMentionSchema, value, 'raw mention');
}

export function parseEnrichedMention(value: unknown): EnrichedMention {
  return fastEnrichedMention(value) ? (value as EnrichedMention) : parseEnrichedMentionSlow(value);
}

/** The schema's own parse (strips unknown fields, names every problem): for a value the fast check refused. */
export function parseEnrichedMentionSlow(value: unknown): EnrichedMention {
  return parseWith(enrichedMentionSchema, value, 'enriched mention');
}
