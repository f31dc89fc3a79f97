import type { Client } from '@elastic/elasticsearch';
import { detectCapabilities, type Capabilities } from './capabilities.ts';
import { statusOf, toIndexError } from './errors.ts';
import { indexNames, monthOfIndex, monthlyIndex, DEFAULT_PREFIX } from './names.ts';
import { buildTemplates, contentHash, TEMPLATE_VERSION } from './templates.ts';

const DAY_MS = 86_400_000;

export interface SetupOptions {
  /** Index name prefix; default `vigie`. */
  prefix?: string;
  /** Keep mentions this long (ms); undefined = keep forever. */
  retentionMs?: number;
  /** Skip detection (tests of the full-distribution path use this only for dry runs). */
  capabilities?: Capabilities;
  maxReplicas?: number;
  /** Now, for the name of the current month's index. */
  now?: number;
}

export type SetupAction = 'created' | 'updated' | 'unchanged';

export interface SetupReport {
  prefix: string;
  templateVersion: number;
  capabilities: Capabilities;
  /** What full-text search got, in words, for the log line. */
  analysis: string;
  retention:
    | { mode: 'ilm'; policy: string; deleteAfterDays: number }
    | { mode: 'prune'; olderThanDays: number; how: string }
    | { mode: 'none' };
  steps: Array<{ kind: 'component_template' | 'index_template' | 'ilm_policy' | 'index' | 'existing_mappings'; name: string; action: SetupAction | 'kept'; reason?: string }>;
  /** False when the run changed nothing (second run). */
  changed: boolean;
}

interface Stored { version?: number; _meta?: { hash?: string } }

async function getOrUndefined<T>(fn: () => Promise<T>, what: string): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw toIndexError(e, what);
  }
}

/** Puts a template unless the stored one has the same version and content hash. */
async function ensureTemplate(hash: string, what: string, get: () => Promise<unknown>, put: () => Promise<unknown>): Promise<SetupAction> {
  const stored = (await getOrUndefined(get, `GET ${what}`)) as Stored | undefined;
  const action: SetupAction = !stored ? 'created' : stored.version === TEMPLATE_VERSION && stored._meta?.hash === hash ? 'unchanged' : 'updated';
  if (action !== 'unchanged') await put().catch((e) => { throw toIndexError(e, `PUT ${what}`); });
  return action;
}

/**
 * Installs (or updates) the templates, the retention policy where ILM exists, the alerts index and
 * the current month's mentions index (so the read alias exists from day one). Idempotent: a
 * second run changes nothing and reports every step `unchanged`.
 */
export async function setupIndices(client: Client, opts: SetupOptions = {}): Promise<SetupReport> {
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const n = indexNames(prefix);
  const caps = opts.capabilities ?? (await detectCapabilities(client));
  const useIlm = caps.ilm && opts.retentionMs !== undefined;
  const set = buildTemplates({ prefix, languageAnalyzers: caps.languageAnalyzers, ilm: useIlm, ...(opts.maxReplicas !== undefined ? { maxReplicas: opts.maxReplicas } : {}) });
  const steps: SetupReport['steps'] = [];
  let retention: SetupReport['retention'] = { mode: 'none' };

  if (opts.retentionMs !== undefined) {
    // A month's index is deleted once its newest possible mention is older than the retention:
    // ILM counts from index creation (about the start of the month), hence one month more.
    const days = Math.ceil(opts.retentionMs / DAY_MS);
    if (useIlm) {
      const policy = { _meta: { managedBy: 'vigie' } as Record<string, unknown>, phases: { delete: { min_age: `${days + 31}d`, actions: { delete: {} } } } };
      const hash = contentHash(policy);
      policy._meta.hash = hash;
      const got = await getOrUndefined(() => client.ilm.getLifecycle({ name: n.ilmPolicy }), 'GET ILM policy');
      const storedMeta = got?.[n.ilmPolicy]?.policy._meta as { hash?: string } | undefined;
      const action: SetupAction = !got ? 'created' : storedMeta?.hash === hash ? 'unchanged' : 'updated';
      if (action !== 'unchanged') await client.ilm.putLifecycle({ name: n.ilmPolicy, policy }).catch((e) => { throw toIndexError(e, 'PUT ILM policy'); });
      steps.push({ kind: 'ilm_policy', name: n.ilmPolicy, action });
      retention = { mode: 'ilm', policy: n.ilmPolicy, deleteAfterDays: days + 31 };
    } else {
      retention = { mode: 'prune', olderThanDays: days, how: 'no ILM on this cluster: run `vigie index prune` daily (deletes whole monthly indices older than the retention)' };
    }
  }

  // Components before the index template that is composed of them.
  for (const c of set.components) {
    const action = await ensureTemplate(String(c.body._meta.hash), `component template ${c.name}`,
      async () => (await client.cluster.getComponentTemplate({ name: c.name })).component_templates[0]?.component_template,
      () => client.cluster.putComponentTemplate({ name: c.name, ...c.body } as never));
    steps.push({ kind: 'component_template', name: c.name, action });
    if (action === 'updated' && c.name === n.mappingsComponent) steps.push(await extendExistingMappings(client, n.mentionsPattern, c.body.template.mappings as Record<string, unknown>));
  }
  for (const t of set.indexTemplates) {
    const action = await ensureTemplate(String(t.body._meta.hash), `index template ${t.name}`,
      async () => (await client.indices.getIndexTemplate({ name: t.name })).index_templates[0]?.index_template,
      () => client.indices.putIndexTemplate({ name: t.name, ...t.body } as never));
    steps.push({ kind: 'index_template', name: t.name, action });
    // The alerts index is one index, created once: new fields must reach it too.
    if (action === 'updated' && t.name === n.alertsTemplate) steps.push(await extendExistingMappings(client, n.alerts, (t.body.template as { mappings: Record<string, unknown> }).mappings));
  }
  for (const index of [n.alerts, n.responses, n.desk, monthlyIndex(prefix, new Date(opts.now ?? Date.now()).toISOString())]) {
    steps.push({ kind: 'index', name: index, action: (await createIfAbsent(client, index)) ? 'created' : 'unchanged' });
  }

  return {
    prefix,
    templateVersion: TEMPLATE_VERSION,
    capabilities: caps,
    analysis: caps.languageAnalyzers
      ? 'text/title: ASCII-folding default analyzer + .fr (French: elision, folding, light stemming) and .en (English) multi-fields; text_folded/title_folded as well'
      : 'no analysis-common module: text/title use the standard analyzer, .fr/.en skipped; accent- and elision-insensitive search goes through text_folded/title_folded (folded by Vigie)',
    retention,
    steps,
    changed: steps.some((s) => s.action !== 'unchanged'),
  };
}

/**
 * Pushes a changed mapping to the monthly indices that already exist. New fields are added (so
 * documents carrying them are not refused by `dynamic: strict`); a changed field type cannot be
 * applied in place: those indices keep their mapping and the next month's index gets the new one.
 */
async function extendExistingMappings(client: Client, pattern: string, mappings: Record<string, unknown>): Promise<SetupReport['steps'][number]> {
  const { _meta, ...body } = mappings;
  try {
    await client.indices.putMapping({ index: pattern, allow_no_indices: true, ...body } as never);
    return { kind: 'existing_mappings', name: pattern, action: 'updated' };
  } catch (e) {
    if (statusOf(e) === 400) return { kind: 'existing_mappings', name: pattern, action: 'kept', reason: (e as Error).message };
    throw toIndexError(e, `PUT ${pattern}/_mapping`);
  }
}

async function createIfAbsent(client: Client, index: string): Promise<boolean> {
  try {
    await client.indices.create({ index });
    return true;
  } catch (e) {
    const type = (e as { body?: { error?: { type?: string } } }).body?.error?.type;
    if (statusOf(e) === 400 && type === 'resource_already_exists_exception') return false;
    throw toIndexError(e, `create index ${index}`);
  }
}

export interface PruneOptions {
  prefix?: string;
  /** Delete monthly indices whose whole month is older than this (ms before now). */
  olderThanMs: number;
  now?: number;
  dryRun?: boolean;
}

/**
 * Retention without ILM: deletes whole monthly indices whose month ended more than `olderThanMs`
 * ago. Whole-index deletion is cheap and needs no `_delete_by_query` (absent on core-only).
 */
export async function pruneIndices(client: Client, opts: PruneOptions): Promise<{ deleted: string[]; kept: string[] }> {
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const n = indexNames(prefix);
  const cutoff = (opts.now ?? Date.now()) - opts.olderThanMs;
  const rows = await client.cat
    .indices({ index: n.mentionsPattern, format: 'json', h: 'index', expand_wildcards: ['open', 'closed'] })
    .catch((e) => { throw toIndexError(e, 'list mentions indices'); });
  const deleted: string[] = [];
  const kept: string[] = [];
  for (const name of rows.map((r) => String(r.index)).sort()) {
    const month = monthOfIndex(prefix, name);
    if (month && month.end <= cutoff) deleted.push(name);
    else kept.push(name);
  }
  if (!opts.dryRun && deleted.length) {
    await client.indices.delete({ index: deleted.join(',') }).catch((e) => { throw toIndexError(e, 'delete old indices'); });
  }
  return { deleted, kept };
}
