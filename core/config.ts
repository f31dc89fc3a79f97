import { z } from 'zod';
import { isSecretName, redactUrlText } from './redact.ts';

/** One problem found in a config file: where, and what to do about it. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** Renders a zod path as `sources[2].url`. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(root)';
}

/**
 * True when a value at this path may be a credential: any element of the path (not just the last,
 * which is an index inside `secrets: [...]`) names a secret, or the value is a request header
 * (`headers: { X-Api-Key: ... }`: whatever its name, a header may carry one).
 */
export function isSecretPath(path: readonly PropertyKey[]): boolean {
  return path.some((p) => typeof p === 'string' && (isSecretName(p) || /^headers$/i.test(p)));
}

function describe(v: unknown, secret: boolean): string {
  if (v === undefined) return 'nothing';
  if (secret) return `a ${Array.isArray(v) ? 'list' : typeof v} (value not shown)`;
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * A message as it may be printed: URLs lose their userinfo, credential parameters and webhook
 * paths; on a secret path, whatever follows "got" is replaced.
 */
function safeMessage(message: string, secret: boolean): string {
  const m = secret ? message.replace(/, got .*$/s, ', got a value (not shown)').replace(/\(got .*\)$/s, '(value not shown)') : message;
  return redactUrlText(m);
}

/** Turns zod issues into problems with their full path and a message that says what was found. */
export function zodProblems(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[], input: unknown): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const i of issues) {
    const full = [...prefix, ...i.path];
    const secret = isSecretPath(full);
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys) out.push({ path: formatPath([...full, k]), message: `unknown key "${k}" (remove it or check its spelling)` });
      continue;
    }
    if (i.code === 'invalid_union' && 'note' in i && i.note === 'No matching discriminator') {
      out.push({ path: formatPath(full), message: i.message });
      continue;
    }
    let found: unknown = input;
    for (const p of i.path) found = found && typeof found === 'object' ? (found as Record<PropertyKey, unknown>)[p] : undefined;
    const msg = i.message.includes(', got ') || i.code === 'custom' ? i.message : `${i.message}, got ${describe(found, secret)}`;
    out.push({ path: formatPath(full), message: safeMessage(msg, secret) });
  }
  return out;
}

const MAX_DEPTH = 64;

const ENV_REF = /\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string of a parsed YAML tree with the
 * environment's value. Secrets are written this way so they never sit in the file. A missing
 * variable without a default is a problem reported with its path.
 */
export function resolveEnvRefs(tree: unknown, env: NodeJS.ProcessEnv, problems: ConfigProblem[], path: PropertyKey[] = []): unknown {
  // No config needs this depth; a generated or hostile tree would otherwise overflow the stack.
  if (path.length > MAX_DEPTH) {
    if (!problems.some((p) => p.message.startsWith('nested deeper'))) problems.push({ path: formatPath(path.slice(0, 3)), message: `nested deeper than ${MAX_DEPTH} levels` });
    return null;
  }
  if (typeof tree === 'string') {
    return tree.replace(ENV_REF, (_m, name: string, def: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (def !== undefined) return def;
      problems.push({ path: formatPath(path), message: `environment variable ${name} is not set (export it or give a default: \${${name}:-value})` });
      return '';
    });
  }
  if (Array.isArray(tree)) return tree.map((v, i) => resolveEnvRefs(v, env, problems, [...path, i]));
  if (tree && typeof tree === 'object') {
    return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, resolveEnvRefs(v, env, problems, [...path, k])]));
  }
  return tree;
}

export const DEFAULT_LANGUAGES = ['fr', 'en', 'es', 'de', 'it', 'pt', 'nl', 'ar'];

export const topicsSchema = z
  .object({
    raw: z.string().default('vigie.mentions.raw'),
    enriched: z.string().default('vigie.mentions.enriched'),
    dlq: z.string().default('vigie.mentions.dlq'),
    alerts: z.string().default('vigie.alerts'),
    /** Compacted per-rule state of the alert worker (key = rule + scope). */
    alertsState: z.string().default('vigie.alerts.state'),
    /** Alerts that could not be delivered, and enriched mentions the alert worker could not read. */
    alertsDlq: z.string().default('vigie.alerts.dlq'),
    cursors: z.string().default('vigie.cursors'),
    /** Partitions of the mention topics: the most worker processes a stage can use. */
    partitions: z.number().int().min(1).max(1000).default(3),
    replicationFactor: z.number().int().min(1).max(10).default(1),
  })
  .strict();

/** Accepts "a:9092,b:9092", ["a:9092", "b:9092"] or a mix; anything else is left for zod to reject. */
function splitBrokers(v: unknown): unknown {
  if (typeof v !== 'string' && !Array.isArray(v)) return v;
  return [v].flat().flatMap((b) => (typeof b === 'string' ? b.split(',').map((x) => x.trim()).filter(Boolean) : [b]));
}

export const kafkaSchema = z
  .object({
    /** `host:port` list; an entry may hold several separated by commas (as KAFKA_BROKERS does). */
    brokers: z
      .preprocess(
        splitBrokers,
        z.array(z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port')).min(1),
      )
      .default(['127.0.0.1:9092']),
    clientId: z.string().default('vigie'),
    /** Consumer group prefix: stages join `<prefix>.enrich`, `<prefix>.index`, ... */
    groupPrefix: z.string().default('vigie'),
    topics: topicsSchema.default(topicsSchema.parse({})),
    ssl: z.boolean().default(false),
    sasl: z
      .object({
        mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
        username: z.string(),
        password: z.string(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type KafkaConfig = z.infer<typeof kafkaSchema>;

export const elasticsearchSchema = z
  .object({
    node: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).default('http://127.0.0.1:9200'),
    username: z.string().optional(),
    password: z.string().optional(),
    apiKey: z.string().optional(),
    /** SHA-256 fingerprint of the CA certificate to pin. */
    caFingerprint: z.string().optional(),
    /** Prefix of every index and alias Vigie creates. */
    indexPrefix: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).default('vigie'),
  })
  .strict();
export type ElasticsearchConfig = z.infer<typeof elasticsearchSchema>;
