import { createHash } from 'node:crypto';
import { indexNames } from './names.ts';

/**
 * Component and index templates for the monthly mentions indices and the alerts index.
 *
 * Migration path: bump TEMPLATE_VERSION whenever a mapping or setting changes. `vigie index
 * setup` (also run at indexer start) then replaces the templates; existing monthly indices keep
 * their mapping, the next monthly index is created with the new one, and the read alias
 * `<prefix>-mentions` keeps spanning both. Additive changes (a new field) may also be pushed to
 * existing indices with a PUT _mapping; anything else waits for the next month (or a reindex on
 * the full distribution).
 */
export const TEMPLATE_VERSION = 1;

/** What the cluster offers, as detected by setup (see capabilities.ts). */
export interface TemplateOptions {
  prefix: string;
  /** analysis-common present: `.fr`/`.en` multi-fields and an ASCII-folding default analyzer. */
  languageAnalyzers: boolean;
  /** ILM present: the settings name a delete policy. */
  ilm: boolean;
  /** Replicas wanted; `auto_expand_replicas` 0-N keeps a single node green. */
  maxReplicas?: number;
}

type Json = Record<string, unknown>;

const kw = { type: 'keyword', ignore_above: 1024 } as const;
const date = { type: 'date' } as const;
const long = { type: 'long' } as const;
const float = { type: 'float' } as const;
const folded = { type: 'text', analyzer: 'standard' } as const;

/** Custom analyzers, only defined where analysis-common exists. */
export function languageAnalysis(): Json {
  return {
    filter: {
      vigie_french_elision: {
        type: 'elision',
        articles_case: true,
        articles: ['l', 'm', 't', 'qu', 'n', 's', 'j', 'd', 'c', 'jusqu', 'quoiqu', 'lorsqu', 'puisqu'],
      },
      vigie_french_stop: { type: 'stop', stopwords: '_french_' },
      vigie_french_stemmer: { type: 'stemmer', language: 'light_french' },
      vigie_english_possessive: { type: 'stemmer', language: 'possessive_english' },
      vigie_english_stop: { type: 'stop', stopwords: '_english_' },
      vigie_english_stemmer: { type: 'stemmer', language: 'light_english' },
    },
    analyzer: {
      vigie_folded: { type: 'custom', tokenizer: 'standard', filter: ['vigie_french_elision', 'lowercase', 'asciifolding'] },
      vigie_french: {
        type: 'custom',
        tokenizer: 'standard',
        filter: ['vigie_french_elision', 'lowercase', 'asciifolding', 'vigie_french_stop', 'vigie_french_stemmer'],
      },
      vigie_english: {
        type: 'custom',
        tokenizer: 'standard',
        filter: ['vigie_english_possessive', 'lowercase', 'asciifolding', 'vigie_english_stop', 'vigie_english_stemmer'],
      },
    },
  };
}

function fullText(languageAnalyzers: boolean): Json {
  if (!languageAnalyzers) return { type: 'text', analyzer: 'standard' };
  return {
    type: 'text',
    analyzer: 'vigie_folded',
    fields: {
      fr: { type: 'text', analyzer: 'vigie_french' },
      en: { type: 'text', analyzer: 'vigie_english' },
    },
  };
}

/** The mentions mapping: explicit, `dynamic: strict`; unknown extras go to the non-indexed `extra` object. */
export function mentionMappings(languageAnalyzers: boolean): Json {
  return {
    dynamic: 'strict',
    _meta: { vigie: 'mentions', version: TEMPLATE_VERSION },
    properties: {
      '@timestamp': date,
      id: kw,
      schemaVersion: { type: 'integer' },
      source: { properties: { kind: kw, name: kw, url: kw } },
      url: kw,
      publishedAt: date,
      fetchedAt: date,
      enrichedAt: date,
      ingestedAt: date,
      title: fullText(languageAnalyzers),
      title_folded: folded,
      text: fullText(languageAnalyzers),
      text_folded: folded,
      author: {
        properties: {
          id: kw,
          key: kw,
          handle: kw,
          name: kw,
          url: kw,
          followers: long,
          verified: { type: 'boolean' },
        },
      },
      engagement: { properties: { likes: long, shares: long, replies: long, views: long, total: long } },
      parentId: kw,
      threadId: kw,
      declaredLang: kw,
      lang: { properties: { code: kw, confidence: float, method: kw } },
      sentiment: { properties: { score: float, label: kw, confidence: float, method: kw } },
      matches: { properties: { name: kw, role: kw } },
      brand: kw,
      competitor: kw,
      industry: kw,
      voice: kw,
      site: kw,
      influence: { properties: { score: float, reach: { type: 'double' } } },
      entities: { properties: { hashtags: kw, handles: kw, urls: kw, domains: kw } },
      duplicateOf: kw,
      reply: { properties: { needed: { type: 'boolean' }, reasons: kw, owner: kw } },
      response: responseProperties(),
      geo: { properties: { location: { type: 'geo_point' }, country: kw, place: kw } },
      extra: { type: 'object', dynamic: false },
    },
  };
}

/** The first answer to a mention, as stored on it and in the responses index. */
function responseProperties(): Json {
  return { properties: { answeredAt: date, by: kw, seconds: long, replyId: kw, platform: kw } };
}

/** The responses index: one document per answered mention (its id), the earliest answer kept. */
export function responseMappings(): Json {
  return { dynamic: 'strict', _meta: { vigie: 'responses', version: TEMPLATE_VERSION }, properties: { parentId: kw, ...(responseProperties().properties as Json) } };
}

/** The desk state: what the community manager did with a waiting mention. */
export function deskMappings(): Json {
  return {
    dynamic: 'strict',
    _meta: { vigie: 'desk', version: TEMPLATE_VERSION },
    properties: { mentionId: kw, state: kw, snoozedUntil: date, assignee: kw, updatedAt: date, by: kw },
  };
}

/**
 * The alert records mapping: two kinds of documents (`record`). `incident`: one per incident
 * (`_id` = incident id), rewritten at each of its events, so Kibana lists one line per crisis;
 * `event`: one per incident event (`_id` = event id: opened, updated, escalated, resolved), each
 * with the rule it is about. Documents written before incidents have no `record` and are events.
 * `evidence`, `ruleEvents` and `channels` are `dynamic: false`: the alert engine may add facts
 * without being rejected; only the listed ones are searchable.
 */
export function alertMappings(): Json {
  return {
    dynamic: 'strict',
    _meta: { vigie: 'alerts', version: TEMPLATE_VERSION },
    properties: {
      '@timestamp': date,
      record: kw,
      alertId: kw,
      incidentId: kw,
      seq: { type: 'integer' },
      rule: kw,
      ruleKind: kw,
      rules: kw,
      ruleCount: { type: 'integer' },
      scope: kw,
      episodeId: kw,
      state: kw,
      status: kw,
      severity: kw,
      openedAt: date,
      firstPageAt: date,
      lastEventAt: date,
      resolvedAt: date,
      pages: { type: 'integer' },
      ruleEvents: {
        type: 'object',
        dynamic: false,
        properties: { rule: kw, kind: kw, severity: kw, active: { type: 'boolean' }, firstAt: date, lastAt: date, count: long, reason: { type: 'text', analyzer: 'standard' } },
      },
      title: { type: 'text', analyzer: 'standard' },
      summary: { type: 'text', analyzer: 'standard' },
      eventTime: date,
      sentAt: date,
      evidence: {
        type: 'object',
        dynamic: false,
        properties: {
          count: long,
          baseline: { type: 'double' },
          ratio: { type: 'double' },
          negativeShare: float,
          windowStart: date,
          windowEnd: date,
          sampleUrls: kw,
          mentionIds: kw,
          topAuthors: kw,
        },
      },
      channels: {
        type: 'object',
        dynamic: false,
        properties: { name: kw, kind: kw, outcome: kw, status: { type: 'integer' }, attempts: { type: 'integer' }, error: kw, sentAt: date },
      },
    },
  };
}

/** One alert record as stored in `<prefix>-alerts` (written by alerts/). */
export interface AlertRecordDoc {
  '@timestamp': string;
  /** `incident` or `event`; absent on records written before incidents (events). */
  record?: 'incident' | 'event';
  alertId?: string;
  incidentId?: string;
  seq?: number;
  rule: string;
  ruleKind?: string;
  rules?: string[];
  ruleCount?: number;
  scope?: string;
  episodeId: string;
  /** The event type (for an incident: its latest event's). */
  state: 'opened' | 'updated' | 'escalated' | 'resolved';
  /** Incidents: `open` or `resolved`. */
  status?: 'open' | 'resolved';
  severity: string;
  openedAt?: string;
  firstPageAt?: string;
  lastEventAt?: string;
  resolvedAt?: string;
  /** Incidents: events that paged (opening and escalations) so far. */
  pages?: number;
  ruleEvents?: Array<{ rule: string; kind: string; severity: string; active: boolean; firstAt: string; lastAt: string; count: number; reason: string }>;
  title?: string;
  summary?: string;
  eventTime: string;
  sentAt?: string;
  evidence?: Record<string, unknown>;
  channels?: Array<{ name: string; kind?: string; outcome: string; status?: number; attempts?: number; error?: string; sentAt?: string }>;
}

export interface ComponentTemplateDef {
  name: string;
  body: { template: Json; version: number; _meta: Json };
}
export interface IndexTemplateDef {
  name: string;
  body: { index_patterns: string[]; composed_of: string[]; template: Json; priority: number; version: number; _meta: Json };
}
export interface TemplateSet {
  components: ComponentTemplateDef[];
  indexTemplates: IndexTemplateDef[];
}

/** Content hash stored in `_meta.hash`: setup compares it to know whether a template changed. */
export function contentHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16);
}

function withMeta<T extends { _meta: Json }>(body: T): T {
  return { ...body, _meta: { ...body._meta, hash: contentHash(body) } };
}

/** Builds every template for one prefix and one set of cluster capabilities. */
export function buildTemplates(opts: TemplateOptions): TemplateSet {
  const n = indexNames(opts.prefix);
  const replicas = `0-${opts.maxReplicas ?? 1}`;
  const meta = { managedBy: 'vigie', description: 'see index/elasticsearch/templates.ts' };
  const settings: Json = { number_of_shards: 1, auto_expand_replicas: replicas };
  if (opts.languageAnalyzers) settings.analysis = languageAnalysis();
  if (opts.ilm) settings['index.lifecycle.name'] = n.ilmPolicy;
  return {
    components: [
      { name: n.settingsComponent, body: withMeta({ template: { settings }, version: TEMPLATE_VERSION, _meta: { ...meta, languageAnalyzers: opts.languageAnalyzers, ilm: opts.ilm } }) },
      { name: n.mappingsComponent, body: withMeta({ template: { mappings: mentionMappings(opts.languageAnalyzers) }, version: TEMPLATE_VERSION, _meta: meta }) },
    ],
    indexTemplates: [
      {
        name: n.mentionsTemplate,
        body: withMeta({
          index_patterns: [n.mentionsPattern],
          composed_of: [n.settingsComponent, n.mappingsComponent],
          template: { aliases: { [n.mentionsAlias]: {} } },
          priority: 200,
          version: TEMPLATE_VERSION,
          _meta: meta,
        }),
      },
      {
        name: n.alertsTemplate,
        body: withMeta({
          index_patterns: [n.alerts],
          composed_of: [],
          template: { settings: { number_of_shards: 1, auto_expand_replicas: replicas }, mappings: alertMappings() },
          priority: 200,
          version: TEMPLATE_VERSION,
          _meta: meta,
        }),
      },      ...(
        [
          [n.responses, responseMappings()],
          [n.desk, deskMappings()],
        ] as const
      ).map(([name, mappings]) => ({
        name,
        body: withMeta({
          index_patterns: [name],
          composed_of: [],
          template: { settings: { number_of_shards: 1, auto_expand_replicas: replicas }, mappings },
          priority: 200,
          version: TEMPLATE_VERSION,
          _meta: meta,
        }),
      })),
    ],
  };
}

/** Every searchable field path of a mapping, multi-fields included (`text.fr`), for tests and Kibana checks. */
export function mappedFields(mappings: Json): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (props: Json, prefix: string) => {
    for (const [name, raw] of Object.entries(props)) {
      const def = raw as Json;
      const path = prefix + name;
      if (def.properties) walk(def.properties as Json, `${path}.`);
      else out.set(path, String(def.type ?? 'object'));
      if (def.fields) for (const [sub, sd] of Object.entries(def.fields as Json)) out.set(`${path}.${sub}`, String((sd as Json).type));
    }
  };
  walk(mappings.properties as Json, '');
  return out;
}
