/**
 * Config trees, synthetic mentions and Elasticsearch counts shared by the operations tests
 * (observability, scale-out, chaos) and `bench/e2e.ts`.
 */
import type { Client } from '@elastic/elasticsearch';
import type { RawMention } from '../../../core/mention.ts';

/** Topic and index names of one isolated pipeline (one test run). */
export interface PipelineNames {
  prefix: string;
  alias: string;
  topics: { raw: string; enriched: string; dlq: string; alerts: string; alertsState: string; alertsDlq: string; cursors: string };
}

export function pipelineNames(prefix: string): PipelineNames {
  const t = (n: string) => `${prefix}.${n}`;
  return { prefix, alias: `${prefix}-mentions`, topics: { raw: t('raw'), enriched: t('enriched'), dlq: t('dlq'), alerts: t('alerts'), alertsState: t('alerts.state'), alertsDlq: t('alerts.dlq'), cursors: t('cursors') } };
}

export interface StageConfigOptions {
  brokers: string[];
  esUrl: string;
  names: PipelineNames;
  partitions: number;
  metricsPort?: number;
  /** Extra top-level sections (sources, alerts, index...), merged over the defaults. */
  extra?: Record<string, unknown>;
  kafka?: Record<string, unknown>;
  elasticsearch?: Record<string, unknown>;
}

/** Watch entries: every synthetic mention matches Acme; crisis mentions also match AcmeOutage. */
export const WATCH = [
  { name: 'Acme', role: 'brand', query: 'acme OR #acme OR @acme' },
  { name: 'AcmeOutage', role: 'brand', query: '#acmepanne' },
];

/** A complete Vigie config for one stage process of an isolated pipeline. */
export function stageConfig(o: StageConfigOptions): Record<string, unknown> {
  return {
    kafka: { brokers: o.brokers, groupPrefix: o.names.prefix, topics: { ...o.names.topics, partitions: o.partitions }, ...o.kafka },
    elasticsearch: { node: o.esUrl, indexPrefix: o.names.prefix, ...o.elasticsearch },
    languages: ['fr', 'en'],
    watch: WATCH,
    index: { flushCount: 500 },
    // These runs measure and break the plumbing (Kafka, Elasticsearch, restarts) with thousands of
    // matched mentions: the fast sentiment tier keeps them comparable with earlier runs. The
    // accurate tier's cost is measured by bench:enrich, its behaviour by enrich/pipeline.test.ts.
    enrich: { sentiment: { accurate: 'off' } },
    metrics: o.metricsPort === undefined ? { enabled: false } : { port: o.metricsPort },
    ...o.extra,
  };
}

const EN = [
  'Just tried the new Acme espresso and honestly it is wonderful, smooth and rich. Great job @acme!',
  'Acme customer service kept me on hold for an hour, terrible experience and nobody apologised.',
  'Comparing Acme and the usual brands for our office: Acme wins on price, loses on delivery time. #acme',
  'The Acme app update broke my loyalty points again. Frustrating, please fix it.',
  'Loving the seasonal blend from Acme, the whole team is happy this morning.',
  'Is anyone else having trouble ordering from Acme today? Checkout keeps failing.',
];
const FR = [
  "J'adore le nouveau café d'Acme, vraiment excellent et pas trop cher. Bravo à l'équipe!",
  "Service client Acme nul : deux semaines d'attente et aucune réponse. Très déçu.",
  'Acme ouvre une succursale à Québec, belle nouvelle pour le quartier Saint-Roch. #acme',
  "Quelqu'un a essayé la livraison Acme à Montréal? Ça vaut la peine?",
  "Encore une hausse de prix chez Acme, c'est inacceptable pour les petites entreprises.",
  'Merci @acme pour le remboursement rapide, service impeccable cette fois-ci.',
];
const SOURCES = [
  { kind: 'rss', name: 'le-fil', host: 'fil.example.qc.ca' },
  { kind: 'mastodon', name: 'mastodon-qc', host: 'mastodon.example.ca' },
  { kind: 'reddit', name: 'r-montreal', host: 'reddit.example.com' },
];

/**
 * `count` realistic raw mentions (French and English, about Acme, with authors and engagement),
 * ids `<runId>:<first + i>`. `fetchedAt` is set when the mention is produced, so its latency to
 * searchable can be measured from the stored document.
 */
export function rawMentions(runId: string, first: number, count: number, now = Date.now()): RawMention[] {
  return Array.from({ length: count }, (_, k) => {
    const i = first + k;
    const src = SOURCES[i % SOURCES.length]!;
    const fr = i % 2 === 0;
    const texts = fr ? FR : EN;
    return {
      schemaVersion: 1,
      id: `${src.kind}:${runId}:${i}`,
      source: { kind: src.kind, name: src.name, url: `https://${src.host}/feed` },
      url: `https://${src.host}/${runId}/${i}`,
      publishedAt: new Date(now - (i % 600) * 1000).toISOString(),
      fetchedAt: new Date(now).toISOString(),
      title: fr ? `Mention ${i}` : `Post ${i}`,
      text: `${texts[i % texts.length]} (${i})`,
      author: { id: `u${i % 97}`, handle: `user${i % 97}`, name: `User ${i % 97}`, followers: (i * 37) % 50_000 },
      engagement: { likes: i % 13, shares: i % 5, replies: i % 7 },
    };
  });
}

// Angry words drawn at random per mention: texts of different mentions share few word
// sequences, so none is a near-duplicate of another (rules skip near-duplicates, and the
// enrich stage remembers texts for 72 h, so every burst of every run must be new text).
const ANGRY = [
  'terrible', 'awful', 'horrible', 'furious', 'angry', 'disappointed', 'broken', 'outage', 'useless', 'worst',
  'disgrace', 'unacceptable', 'shameful', 'failure', 'crashed', 'lost', 'refused', 'rude', 'slow', 'nightmare',
  'scam', 'pathetic', 'disaster', 'frustrated', 'annoyed', 'hate', 'never', 'complaint', 'ignored', 'waiting',
  'cancelled', 'error', 'bug', 'mess', 'worthless', 'garbage', 'infuriating', 'incompetent', 'dreadful', 'appalling',
];
function crisisText(seed: string, i: number): string {
  let h = 2166136261;
  for (const ch of `${seed}:${i}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  const words: string[] = [];
  for (let k = 0; k < 14; k++) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) ^ k;
    words.push(ANGRY[(h >>> 0) % ANGRY.length]!);
  }
  return `Acme ${words.join(' ')}`;
}

/**
 * A burst of angry mentions about an Acme outage, published now (alert rules window on
 * `publishedAt`), all carrying `#<hashtag>`: enough of them opens a negative-share incident on
 * the watch entry that follows that hashtag.
 */
export function crisisMentions(runId: string, first: number, count: number, hashtag: string, now = Date.now()): RawMention[] {
  return Array.from({ length: count }, (_, k) => {
    const i = first + k;
    return {
      schemaVersion: 1,
      id: `crisis:${runId}:${i}`,
      source: { kind: 'crisis', name: 'crisis-feed', url: 'https://crisis.example.org/feed' },
      url: `https://crisis.example.org/${runId}/${i}`,
      publishedAt: new Date(now - 2000 + Math.floor((k * 1500) / count)).toISOString(),
      fetchedAt: new Date(now).toISOString(),
      text: `${crisisText(runId, i)} #${hashtag}`,
      author: { id: `angry${i % 11}`, handle: `angry${i % 11}`, followers: 100 + i },
    };
  });
}

/** The raw mentions as bus messages (key = mention id). */
export function asMessages(ms: RawMention[]): Array<{ key: string; value: string }> {
  return ms.map((m) => ({ key: m.id, value: JSON.stringify(m) }));
}

/**
 * Documents under `alias` (after a refresh) and their distinct mention ids, counted exactly by
 * paging a composite aggregation (a cardinality estimate is off by one or two past a few thousand).
 */
export async function indexedCounts(es: Client, alias: string): Promise<{ docs: number; ids: number }> {
  await es.indices.refresh({ index: alias, ignore_unavailable: true });
  let docs = 0;
  let ids = 0;
  let after: Record<string, unknown> | undefined;
  for (;;) {
    const r = await es.search({
      index: alias,
      size: 0,
      aggs: { ids: { composite: { size: 10_000, sources: [{ id: { terms: { field: 'id' } } }], ...(after ? { after } : {}) } } },
    });
    const agg = (r.aggregations as { ids: { buckets: Array<{ doc_count: number }>; after_key?: Record<string, unknown> } }).ids;
    ids += agg.buckets.length;
    for (const b of agg.buckets) docs += b.doc_count;
    if (agg.buckets.length < 10_000 || !agg.after_key) break;
    after = agg.after_key;
  }
  return { docs, ids };
}
