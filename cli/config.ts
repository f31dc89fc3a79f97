import { readFile, stat } from 'node:fs/promises';
import { isIP } from 'node:net';
import { z } from 'zod';
import { isScalar, LineCounter, parseDocument, visit, type Document, type Scalar } from 'yaml';
import { DEFAULT_LANGUAGES, elasticsearchSchema, kafkaSchema, resolveEnvRefs, zodProblems, type ConfigProblem } from '../core/config.ts';
import { durationSchema } from '../core/duration.ts';
import { VigieError } from '../core/errors.ts';
import { dedupConfigSchema } from '../enrich/dedup/index.ts';
import { influenceConfigSchema } from '../enrich/influence/index.ts';
import { sentimentConfigSchema } from '../enrich/sentiment/index.ts';
import { validateSources, type ValidatedSource } from './config-sources.ts';
import { validateWatch, watchSectionSchema } from './config-watch.ts';
import { crossCheckUnanswered, validateAlerts, type AlertsSection } from './config-alerts.ts';
import { crossCheckReports, reportsConfigSchema } from '../reports/config.ts';

const langCode = z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as "fr"');

/** The top level of the config file. Sections owned by a layer are validated by that layer. */
const topSchema = z
  .object({
    kafka: kafkaSchema.default(kafkaSchema.parse({})),
    elasticsearch: elasticsearchSchema.default(elasticsearchSchema.parse({})),
    /** Candidate languages for detection (ISO 639-1). */
    languages: z.array(langCode).min(1).default(DEFAULT_LANGUAGES),
    sources: z.array(z.unknown()).default([]),
    watch: watchSectionSchema,
    ingest: z
      .object({
        /**
         * Share the sources between several ingest processes through a Kafka lease, so no two poll
         * the same source at once. Off by default: one ingest process polls at once, without the
         * lease's start-up wait; turn it on when running more than one.
         */
        lease: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    enrich: z
      .object({
        /** Drop mentions that match no watch entry (counted as dropped). Ignored when `watch` is empty. */
        dropUnmatched: z.boolean().default(true),
        dedup: dedupConfigSchema.prefault({}),
        influence: influenceConfigSchema.prefault({}),
        /** Which mentions get the accurate (encoder + fused) sentiment: matched | all | off. */
        sentiment: sentimentConfigSchema.prefault({}),
      })
      .strict()
      .prefault({}),
    index: z
      .object({
        flushCount: z.number().int().min(1).max(50_000).default(1000),
        flushBytes: z.number().int().min(1024).default(5_000_000),
        concurrency: z.number().int().min(1).max(16).default(2),
        /** Delete monthly indices older than this. */
        retention: durationSchema.optional(),
      })
      .strict()
      .default({ flushCount: 1000, flushBytes: 5_000_000, concurrency: 2 }),
    alerts: z.unknown().optional(),
    reports: z.unknown().optional(),
    metrics: z
      .object({
        port: z.number().int().min(0).max(65535).default(9464),
        /**
         * Address the status server (/metrics, /healthz, /readyz) binds to. Loopback by default;
         * "0.0.0.0" or a private interface only where a remote Prometheus must scrape it.
         */
        host: z.string().refine((h) => isIP(h) !== 0 || h === 'localhost', { message: 'must be an IP address such as "127.0.0.1", "0.0.0.0" or "::"' }).default('127.0.0.1'),
        enabled: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
  })
  .strict();

type Top = z.infer<typeof topSchema>;
export interface VigieConfig extends Omit<Top, 'sources' | 'alerts' | 'reports'> {
  sources: ValidatedSource[];
  alerts: AlertsSection | undefined;
  reports: unknown;
}

/**
 * Validates a parsed config tree completely, with no I/O: every problem at once, each with its
 * path. `vigie check-config` and every stage run this same function before connecting.
 */
export function validateConfig(tree: unknown, env: NodeJS.ProcessEnv = process.env): { config?: VigieConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const resolved = resolveEnvRefs(tree ?? {}, env, problems);
  const top = topSchema.safeParse(resolved);
  if (!top.success) problems.push(...zodProblems(top.error.issues, [], resolved));
  const raw = (resolved && typeof resolved === 'object' ? resolved : {}) as Record<string, unknown>;
  const sources = validateSources(Array.isArray(raw.sources) ? raw.sources : [], problems);
  const watchOk = top.success ? validateWatch(top.data.watch, problems) : false;
  const watchNames = top.success ? top.data.watch.map((w) => w.name) : [];
  const alerts = raw.alerts === undefined ? undefined : validateAlerts(raw.alerts, top.success ? top.data.watch : [], problems, top.success ? top.data.elasticsearch.indexPrefix : undefined);
  if (alerts && top.success) problems.push(...crossCheckUnanswered(alerts, top.data.watch));
  if (raw.reports !== undefined) {
    const r = reportsConfigSchema.safeParse(raw.reports);
    if (!r.success) problems.push(...zodProblems(r.error.issues, ['reports'], raw.reports));
    else if (top.success) problems.push(...crossCheckReports(r.data, watchNames));
  }
  if (!top.success || problems.length > 0 || !watchOk) {
    // A missing env variable also makes its value invalid: report that path once, for the variable.
    const envPaths = new Set(problems.filter((p) => p.message.startsWith('environment variable')).map((p) => p.path));
    return { problems: problems.filter((p) => !envPaths.has(p.path) || p.message.startsWith('environment variable')) };
  }
  return { config: deepFreeze({ ...top.data, sources, alerts, reports: top.data.reports }), problems };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Reads a config file's text; ERR_CONFIG_READ names the path when it cannot. */
export async function readConfigFile(path: string): Promise<string> {
  try {
    // Checked before reading: a 50 MB file must not be loaded to be refused.
    const { size } = await stat(path);
    if (size > MAX_CONFIG_BYTES) throw configError(path, [{ path: '(root)', message: `the file is ${size} bytes, more than ${MAX_CONFIG_BYTES}: a config is a few KB` }]);
    return await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof VigieError) throw e;
    throw new VigieError('ERR_CONFIG_READ', `cannot read config ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** Largest config file read: real configs are a few KB; a bigger file is a mistake or an attack. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Longest single value (a watch query, a URL, a secret): beyond it, a scalar is refused. */
export const MAX_SCALAR_CHARS = 100_000;

/**
 * Duplicate keys and oversized scalars, in one pass over the parsed document with a Set per
 * mapping: linear in the number of keys (the YAML library's own `uniqueKeys` check compares every
 * key with every other one, which took minutes on 200,000 keys).
 */
function shapeProblems(doc: Document, lines: LineCounter): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const at = (node: { range?: [number, number, number] | null } | null | undefined) => `line ${node?.range ? lines.linePos(node.range[0]).line : '?'}`;
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(k)) problems.push({ path: at(pair.key as Scalar), message: `duplicate key "${k.slice(0, 60)}" (each key may appear once in a mapping; merge the two)` });
        seen.add(k);
      }
    },
    Scalar(_key, node) {
      if (typeof node.value === 'string' && node.value.length > MAX_SCALAR_CHARS) {
        problems.push({ path: at(node), message: `value of ${node.value.length} characters is longer than ${MAX_SCALAR_CHARS}` });
      }
    },
  });
  return problems;
}

/**
 * Parses YAML into a plain tree, or throws ERR_CONFIG_INVALID with every syntax problem by line.
 * Every reader of config files goes through here, so all get the same caps: file size, scalar
 * size, alias bombs, and the linear duplicate-key check.
 */
export function parseYamlTree(text: string, path: string): unknown {
  if (text.length > MAX_CONFIG_BYTES) {
    throw configError(path, [{ path: '(root)', message: `the file is ${text.length} characters long, more than ${MAX_CONFIG_BYTES}: a config is a few KB (split generated parts out)` }]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false, lineCounter });
  if (doc.errors.length > 0) {
    throw configError(path, doc.errors.map((e) => ({ path: `line ${e.linePos?.[0]?.line ?? '?'}`, message: e.message.split('\n')[0]! })));
  }
  const shape = shapeProblems(doc, lineCounter);
  if (shape.length > 0) throw configError(path, shape.slice(0, 50));
  try {
    // maxAliasCount stops YAML alias bombs ("billion laughs") before they expand.
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw configError(path, [{ path: '(root)', message: `cannot be read as YAML: ${(e as Error).message}` }]);
  }
}

/** Reads, parses and validates a YAML config file; throws ERR_CONFIG_INVALID listing every problem. */
export async function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): Promise<VigieConfig> {
  return parseConfigText(await readConfigFile(path), path, env);
}

export function parseConfigText(text: string, path: string, env: NodeJS.ProcessEnv = process.env): VigieConfig {
  const { config, problems } = validateConfig(parseYamlTree(text, path), env);
  if (!config) throw configError(path, problems);
  return config;
}

export function configError(path: string, problems: ConfigProblem[]): VigieError {
  const lines = problems.map((p) => `  ${p.path}: ${p.message}`).join('\n');
  return new VigieError('ERR_CONFIG_INVALID', `${path}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${lines}`, { details: { problems } });
}
