import type { Client } from '@elastic/elasticsearch';
import { retry } from '../core/retry.ts';
import { indexNames, statusOf, toIndexError } from '../index/read.ts';
import {
  REPORT_VERSION,
  compared,
  ratio,
  sentimentCounts,
  type AlertEpisode,
  type AuthorRow,
  type DayRow,
  type EntityShare,
  type EntryVoice,
  type HashtagRow,
  type MentionRow,
  type PeakDay,
  type PlatformRow,
  type ReportData,
  type ReportNote,
  type SentimentCounts,
  type ShareRow,
  type TermRow,
} from './model.ts';
import { fetchResponseSection } from './responses.ts';
import { entryGroups, type VoiceGroup } from './voice.ts';
import { shiftWeek, type ReportWeek } from './week.ts';

/**
 * Every number of the weekly report, from Elasticsearch aggregations only (no scripts: the
 * core-only distribution has no painless). Near-duplicates (`duplicateOf` set) are left out of
 * every count and listed once as `volume.duplicatesExcluded`.
 *
 * Five searches: this week, last week (same aggregations), the emerging hashtags and terms over
 * the week plus the baseline weeks, the first mention ever of each entry, and the alert records.
 */
export interface ReportQueryOptions {
  prefix: string;
  /** Watch entry the report is about (`matches.name`). */
  brand: string;
  /** Competitor watch entries (role competitor), in config order. */
  competitors: readonly string[];
  /**
   * The share-of-voice rows by organisation (`voiceGroups`), brand's first. Omitted: the brand
   * and each competitor entry are their own organisation.
   */
  voice?: readonly VoiceGroup[];
  week: ReportWeek;
  /** Weeks before the report week that make the baseline of emerging hashtags and terms. */
  baselineWeeks?: number;
  /** Now, to flag a week still in progress. */
  now?: number;
  signal?: AbortSignal;
  /** Top N rows of each table. */
  top?: number;
  /** Platforms where the brand has owned accounts (`watch[].owned`); none: no response section. */
  ownedPlatforms?: readonly string[];
}

type Json = Record<string, unknown>;
interface Bucket {
  key: string | number;
  key_as_string?: string;
  doc_count: number;
  [agg: string]: unknown;
}
interface Terms {
  buckets: Bucket[];
}

const LABELS = ['positive', 'neutral', 'negative'] as const;
const EXCERPT = 280;

const range = (from: Date, to: Date): Json => ({ range: { '@timestamp': { gte: from.toISOString(), lt: to.toISOString(), format: 'strict_date_optional_time' } } });
const isDup: Json = { exists: { field: 'duplicateOf' } };
const named = (name: string): Json => ({ term: { 'matches.name': name } });
/** A mention of any entry of one organisation: one document, counted once. */
const anyOf = (names: readonly string[]): Json => ({ terms: { 'matches.name': [...names] } });
/** Filters keyed by row position: organisation names are free text, entry names may repeat them. */
const groupFilters = (groups: readonly VoiceGroup[]): Json => Object.fromEntries(groups.map((g, i) => [`g${i}`, anyOf(g.entries)]));
const sentimentAgg = (): Json => ({ sent: { terms: { field: 'sentiment.label', size: 3 } }, score: { avg: { field: 'sentiment.score' } } });

function readSentiment(b: Json | undefined): SentimentCounts {
  const by = new Map<string, number>();
  for (const x of ((b?.sent as Terms | undefined)?.buckets ?? [])) by.set(String(x.key), x.doc_count);
  const avg = (b?.score as { value: number | null } | undefined)?.value ?? null;
  return sentimentCounts(by.get('positive') ?? 0, by.get('neutral') ?? 0, by.get('negative') ?? 0, avg);
}

/** Authors: `author.key` when the source gives an id, else the author's name. */
function authorAggs(order: Json, minDocCount: number, size: number): Json {
  const sub = {
    inf: { max: { field: 'influence.score' } },
    fol: { max: { field: 'author.followers' } },
    ...sentimentAgg(),
    who: { top_hits: { size: 1, sort: [{ '@timestamp': 'desc' }], _source: { includes: ['author', 'source.kind'] } } },
  };
  return {
    byKey: { filter: { exists: { field: 'author.key' } }, aggs: { a: { terms: { field: 'author.key', size, min_doc_count: minDocCount, order }, aggs: sub } } },
    byName: {
      filter: { bool: { must: [{ exists: { field: 'author.name' } }], must_not: [{ exists: { field: 'author.key' } }] } },
      aggs: { a: { terms: { field: 'author.name', size, min_doc_count: minDocCount, order }, aggs: sub } },
    },
  };
}

const topHits = (size: number): Json => ({
  top_hits: {
    size,
    sort: [
      { 'engagement.total': { order: 'desc', missing: '_last', unmapped_type: 'long' } },
      { 'influence.score': { order: 'desc', missing: '_last', unmapped_type: 'float' } },
      { 'sentiment.score': { order: 'asc', unmapped_type: 'float' } },
      { '@timestamp': 'desc' },
    ],
    _source: { includes: ['id', 'url', 'title', 'text', 'publishedAt', 'source', 'author', 'engagement', 'influence', 'sentiment'] },
  },
});

/** The aggregations of one week (this week and last week get the same). Exported for tests. */
export function weekSearchBody(o: { brand: string; groups: readonly VoiceGroup[]; week: ReportWeek; top: number }): Json {
  const { week, top } = o;
  const lastMs = week.end.getTime() - 1;
  const hist = (interval: string, format: string): Json => ({
    date_histogram: {
      field: '@timestamp',
      calendar_interval: interval,
      time_zone: week.timeZone,
      min_doc_count: 0,
      format,
      // Every day of the week gets a bucket. No hard_bounds: the query's range already limits
      // the documents, and ES 8.19 fails (array index out of bounds) on an empty day histogram
      // with hard_bounds and a time zone.
      extended_bounds: { min: week.start.getTime(), max: lastMs },
    },
  });
  const platform = (field: string): Json => ({ terms: { field, size: top }, aggs: sentimentAgg() });
  return {
    size: 0,
    track_total_hits: true,
    query: { bool: { filter: [range(week.start, week.end)] } },
    aggs: {
      dups: { filter: { bool: { filter: [named(o.brand), isDup] } } },
      m: {
        filter: { bool: { filter: [named(o.brand)], must_not: [isDup] } },
        aggs: {
          ...sentimentAgg(),
          authorsKey: { cardinality: { field: 'author.key' } },
          authorsName: { filter: { bool: { must_not: [{ exists: { field: 'author.key' } }] } }, aggs: { n: { cardinality: { field: 'author.name' } } } },
          day: {
            ...hist('day', 'yyyy-MM-dd'),
            aggs: { ...sentimentAgg(), src: { terms: { field: 'source.name', size: 1 } }, tag: { terms: { field: 'entities.hashtags', size: 1 } } },
          },
          hour: hist('hour', "yyyy-MM-dd'T'HH"),
          kinds: platform('source.kind'),
          names: platform('source.name'),
          domains: platform('entities.domains'),
          leaders: { filter: { match_all: {} }, aggs: authorAggs([{ inf: 'desc' }, { _count: 'desc' }, { _key: 'asc' }] as unknown as Json, 1, top) },
          fans: { filter: { term: { 'sentiment.label': 'positive' } }, aggs: authorAggs([{ _count: 'desc' }, { _key: 'asc' }] as unknown as Json, 2, top) },
          critics: { filter: { term: { 'sentiment.label': 'negative' } }, aggs: authorAggs([{ _count: 'desc' }, { _key: 'asc' }] as unknown as Json, 1, top) },
          topPos: { filter: { term: { 'sentiment.label': 'positive' } }, aggs: { h: topHits(5) } },
          topNeg: { filter: { term: { 'sentiment.label': 'negative' } }, aggs: { h: topHits(5) } },
          langs: { terms: { field: 'lang.code', size: top } },
          geoKnown: { filter: { exists: { field: 'geo.country' } } },
          countries: { terms: { field: 'geo.country', size: top } },
        },
      },
      sov: {
        filter: { bool: { must_not: [isDup] } },
        aggs: {
          e: {
            filters: { filters: groupFilters(o.groups) },
            // Each entry's own count, listed under its organisation.
            aggs: { ...sentimentAgg(), entry: { filters: { filters: Object.fromEntries(o.groups.flatMap((g) => g.entries).map((n) => [n, named(n)])) } } },
          },
        },
      },
    },
  };
}

/** Emerging hashtags (week vs baseline weeks) and significant terms of the week's texts. */
export function emergingSearchBody(o: { brand: string; week: ReportWeek; baselineStart: Date; excludeTerms: readonly string[] }): Json {
  const brandNotDup = (r: Json): Json => ({ bool: { filter: [r, named(o.brand)], must_not: [isDup] } });
  return {
    size: 0,
    query: brandNotDup(range(o.baselineStart, o.week.end)),
    aggs: {
      tags: {
        terms: { field: 'entities.hashtags', size: 15, order: [{ wk: 'desc' }, { _key: 'asc' }] },
        aggs: { wk: { filter: range(o.week.start, o.week.end) }, base: { filter: range(o.baselineStart, o.week.start) } },
      },
      wk: {
        filter: range(o.week.start, o.week.end),
        aggs: {
          s: {
            sampler: { shard_size: 1000 },
            aggs: {
              t: {
                significant_text: {
                  field: 'text_folded',
                  size: 10,
                  min_doc_count: 2,
                  filter_duplicate_text: true,
                  // Numbers, short words and the watch entries' own words say nothing new.
                  exclude: `[0-9].*|.{1,3}|${o.excludeTerms.map(escapeRegex).join('|') || '-'}`,
                  background_filter: brandNotDup(range(o.baselineStart, o.week.start)),
                },
              },
            },
          },
        },
      },
    },
  };
}

function escapeRegex(s: string): string {
  return s.replace(/[.?+*|{}[\]()"\\#@&<>~]/g, '\\$&');
}

/** Words of the watch entries' names, folded like `text_folded`, for the significant-terms exclusion. */
export function nameTerms(names: readonly string[]): string[] {
  const words = names.flatMap((n) => n.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u));
  return [...new Set(words.filter((w) => w.length > 3))];
}

async function search(client: Client, params: Json, what: string, signal?: AbortSignal): Promise<Json> {
  return retry(
    async () => {
      try {
        return (await client.search(params as never, signal ? { signal } : undefined)) as unknown as Json;
      } catch (e) {
        throw toIndexError(e, what);
      }
    },
    { retries: 3, baseMs: 250, maxMs: 4000, ...(signal ? { signal } : {}) },
  );
}

function filterBuckets(x: unknown): Record<string, Json> {
  return ((x as { buckets?: Record<string, Json> } | undefined)?.buckets ?? {});
}
function buckets(x: unknown): Bucket[] {
  return ((x as Terms | undefined)?.buckets ?? []) as Bucket[];
}
function docCount(x: unknown): number {
  return (x as { doc_count?: number } | undefined)?.doc_count ?? 0;
}
function num(x: unknown): number | null {
  const v = (x as { value?: number | null } | undefined)?.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
function str(x: unknown): string | null {
  return typeof x === 'string' && x !== '' ? x : null;
}

function readAuthors(agg: Json | undefined, top: number, sortBy: 'influence' | 'count'): AuthorRow[] {
  const rows: AuthorRow[] = [];
  for (const [part, prefix] of [['byKey', ''], ['byName', 'name:']] as const) {
    for (const b of buckets((agg?.[part] as Json | undefined)?.a)) {
      const hit = ((b.who as Json).hits as { hits: Array<{ _source: Json }> }).hits[0]?._source ?? {};
      const author = (hit.author ?? {}) as Json;
      const s = readSentiment(b as unknown as Json);
      rows.push({
        key: `${prefix}${b.key}`,
        name: str(author.name) ?? str(author.handle) ?? String(b.key),
        handle: str(author.handle),
        url: str(author.url),
        sourceKind: str((hit.source as Json | undefined)?.kind),
        mentions: b.doc_count,
        positive: s.positive,
        negative: s.negative,
        influence: num(b.inf),
        followers: num(b.fol),
      });
    }
  }
  const byCount = (a: AuthorRow, b: AuthorRow) => b.mentions - a.mentions || a.key.localeCompare(b.key);
  rows.sort(sortBy === 'influence' ? (a, b) => (b.influence ?? -1) - (a.influence ?? -1) || byCount(a, b) : byCount);
  return rows.slice(0, top);
}

function readMentions(agg: Json | undefined): MentionRow[] {
  const hits = (((agg?.h as Json | undefined)?.hits as { hits?: Array<{ _id: string; _source: Json }> } | undefined)?.hits ?? []);
  return hits.map(({ _id, _source: s }) => {
    const text = String(s.text ?? '');
    const author = (s.author ?? {}) as Json;
    const source = (s.source ?? {}) as Json;
    return {
      id: String(s.id ?? _id),
      url: str(s.url),
      title: str(s.title),
      excerpt: text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1).trimEnd()}…` : text,
      publishedAt: String(s.publishedAt ?? ''),
      source: str(source.name) ?? str(source.kind) ?? '',
      author: str(author.name) ?? str(author.handle),
      engagement: typeof (s.engagement as Json | undefined)?.total === 'number' ? ((s.engagement as Json).total as number) : null,
      influence: typeof (s.influence as Json | undefined)?.score === 'number' ? ((s.influence as Json).score as number) : null,
      sentimentScore: typeof (s.sentiment as Json | undefined)?.score === 'number' ? ((s.sentiment as Json).score as number) : 0,
    };
  });
}

function shareRows(agg: unknown, total: number): ShareRow[] {
  return buckets(agg).map((b) => ({ key: String(b.key), count: b.doc_count, share: ratio(b.doc_count, total) }));
}

function platforms(cur: unknown, prev: unknown, total: number): PlatformRow[] {
  const before = new Map(buckets(prev).map((b) => [String(b.key), b.doc_count]));
  return buckets(cur).map((b) => ({
    key: String(b.key),
    mentions: compared(b.doc_count, before.get(String(b.key)) ?? 0),
    share: ratio(b.doc_count, total),
    sentiment: readSentiment(b as unknown as Json),
  }));
}

function groupAlerts(hits: Array<{ _source: Json }>, keep: (scope: string) => boolean): AlertEpisode[] {
  const eps = new Map<string, AlertEpisode>();
  const rank = (s: string) => ['info', 'warning', 'critical'].indexOf(s);
  for (const { _source: a } of hits) {
    const scope = String(a.scope ?? 'all');
    if (!keep(scope)) continue;
    const id = String(a.incidentId ?? a.episodeId ?? a.alertId);
    const t = String(a.eventTime ?? a['@timestamp']);
    const count = typeof (a.evidence as Json | undefined)?.count === 'number' ? ((a.evidence as Json).count as number) : null;
    let ep = eps.get(id);
    if (!ep) {
      ep = { episodeId: id, rule: String(a.rule ?? ''), scope, severity: String(a.severity ?? 'info'), title: str(a.title), summary: str(a.summary), openedAt: t, resolvedAt: null, events: 0, maxCount: null };
      eps.set(id, ep);
    }
    ep.events++;
    if (t < ep.openedAt) ep.openedAt = t;
    if (rank(String(a.severity)) > rank(ep.severity)) ep.severity = String(a.severity);
    if (a.state === 'resolved') ep.resolvedAt = t;
    if (!ep.title) ep.title = str(a.title);
    if (count !== null) ep.maxCount = Math.max(ep.maxCount ?? 0, count);
  }
  return [...eps.values()].sort((a, b) => a.openedAt.localeCompare(b.openedAt));
}

/** Fetches every number of the report. Never divides by zero: empty weeks give zeros and nulls. */
export async function fetchReportData(client: Client, o: ReportQueryOptions): Promise<ReportData> {
  const n = indexNames(o.prefix);
  const top = o.top ?? 10;
  const baselineWeeks = o.baselineWeeks ?? 4;
  const week = o.week;
  const prevWeek = shiftWeek(week, 1);
  const baselineStart = shiftWeek(week, baselineWeeks).start;
  const competitors = o.competitors.filter((c) => c !== o.brand);
  const groups = o.voice ?? entryGroups(o.brand, competitors);
  const entities = [...new Set(groups.flatMap((g) => g.entries))];
  const idx = { index: n.mentionsAlias, ignore_unavailable: true, allow_no_indices: true };

  const now = o.now ?? Date.now();
  const owned = o.ownedPlatforms ?? [];
  const [cur, prev, emerging, first, alertsRes, responses] = await Promise.all([
    search(client, { ...idx, ...weekSearchBody({ brand: o.brand, groups, week, top }) }, 'report: week aggregations', o.signal),
    search(client, { ...idx, ...weekSearchBody({ brand: o.brand, groups, week: prevWeek, top }) }, 'report: previous week aggregations', o.signal),
    search(client, { ...idx, ...emergingSearchBody({ brand: o.brand, week, baselineStart, excludeTerms: nameTerms(entities) }) }, 'report: emerging terms', o.signal),
    search(
      client,
      { ...idx, size: 0, query: { bool: { must_not: [isDup] } }, aggs: { e: { filters: { filters: { ...groupFilters(groups), brand: named(o.brand) } }, aggs: { first: { min: { field: '@timestamp' } } } } } },
      'report: first mentions',
      o.signal,
    ),
    fetchAlerts(client, n.alerts, week, o.signal),
    owned.length ? fetchResponseSection(client, { prefix: o.prefix, brand: o.brand, week, previousWeek: prevWeek, ownedPlatforms: owned, now, top, ...(o.signal ? { signal: o.signal } : {}) }) : null,
  ]);

  // No aggregations at all when no index matches (a prefix that never received data).
  const ca = (cur.aggregations ?? {}) as Json;
  const pa = (prev.aggregations ?? {}) as Json;
  const cm = (ca.m ?? {}) as Json;
  const pm = (pa.m ?? {}) as Json;
  const total = docCount(cm);
  const prevTotal = docCount(pm);
  const notes: ReportNote[] = [];

  // By day: the previous week's buckets are aligned by weekday (index 0 = Monday).
  const prevDays = buckets(pm.day);
  const byDay: DayRow[] = week.days.map((date) => {
    const b = buckets(cm.day).find((x) => x.key_as_string === date);
    const i = week.days.indexOf(date);
    const pd = prevDays.find((x) => x.key_as_string === prevWeek.days[i]);
    return {
      date,
      count: b?.doc_count ?? 0,
      previousCount: pd?.doc_count ?? 0,
      sentiment: readSentiment(b as Json | undefined),
      topSource: b ? (buckets(b.src)[0]?.key as string | undefined) ?? null : null,
      topHashtag: b ? (buckets(b.tag)[0]?.key as string | undefined) ?? null : null,
    };
  });

  let peakDay: PeakDay | null = null;
  const peak = byDay.reduce<DayRow | undefined>((best, d) => (d.count > (best?.count ?? 0) ? d : best), undefined);
  if (peak) {
    const byHour = new Array<number>(24).fill(0);
    for (const h of buckets(cm.hour)) {
      const k = String(h.key_as_string);
      if (k.startsWith(`${peak.date}T`)) byHour[Number(k.slice(11, 13))]! += h.doc_count;
    }
    const others = byDay.filter((d) => d !== peak);
    const othersMean = others.reduce((s, d) => s + d.count, 0) / Math.max(1, others.length);
    peakDay = {
      date: peak.date,
      count: peak.count,
      byHour,
      peakHour: byHour.indexOf(Math.max(...byHour)),
      sentiment: peak.sentiment,
      topSource: peak.topSource,
      topHashtag: peak.topHashtag,
      ratioToOtherDays: ratio(peak.count, othersMean),
    };
  }

  // Share of voice among the brand's organisation and its competitors'.
  const firstSeen = new Map(Object.entries(filterBuckets((first.aggregations as Json | undefined)?.e)).map(([k, v]) => [k, (v.first as { value_as_string?: string; value: number | null }).value === null ? null : new Date((v.first as { value: number }).value).toISOString()]));
  const sovCur = filterBuckets((ca.sov as Json | undefined)?.e);
  const sovPrev = filterBuckets((pa.sov as Json | undefined)?.e);
  const keys = groups.map((_, i) => `g${i}`);
  const sumCur = keys.reduce((s, k) => s + docCount(sovCur[k]), 0);
  const sumPrev = keys.reduce((s, k) => s + docCount(sovPrev[k]), 0);
  const shares: EntityShare[] = groups.map((g, i) => {
    const k = keys[i]!;
    const c = docCount(sovCur[k]);
    const p = docCount(sovPrev[k]);
    const share = ratio(c, sumCur);
    const previousShare = ratio(p, sumPrev);
    const entries: EntryVoice[] = g.entries.map((name) => ({
      name,
      mentions: compared(docCount(filterBuckets(sovCur[k]?.entry)[name]), docCount(filterBuckets(sovPrev[k]?.entry)[name])),
    }));
    return {
      name: g.name,
      role: g.role,
      entries,
      mentions: compared(c, p),
      share,
      previousShare,
      shareChange: share !== null && previousShare !== null ? share - previousShare : null,
      sentiment: readSentiment(sovCur[k]),
      firstSeen: firstSeen.get(k) ?? null,
    };
  });

  if (total === 0) notes.push({ code: 'no_data' });
  if (prevTotal === 0 && total > 0) notes.push({ code: 'no_previous_data' });
  const brandFirst = firstSeen.get('brand');
  if (brandFirst && brandFirst > week.start.toISOString() && brandFirst < week.end.toISOString()) notes.push({ code: 'brand_started_mid_week', firstSeen: brandFirst });
  if (now < week.end.getTime()) notes.push({ code: 'week_in_progress', asOf: new Date(now).toISOString() });
  if (!groups.some((g) => g.role === 'competitor')) notes.push({ code: 'no_competitors' });
  for (const s of shares) if (s.role === 'competitor' && s.mentions.current === 0) notes.push({ code: 'competitor_no_mentions', name: s.name });
  if (!alertsRes.indexFound) notes.push({ code: 'alerts_index_missing', index: n.alerts });
  const dups = docCount(ca.dups);
  if (dups > 0) notes.push({ code: 'duplicates_excluded', count: dups });

  const uniqueAuthors = (m: Json) => (num(m.authorsKey) ?? 0) + (num((m.authorsName as Json | undefined)?.n) ?? 0);
  const cs = readSentiment(cm);
  const ps = readSentiment(pm);

  const ea = (emerging.aggregations ?? {}) as Json;
  const hashtags: HashtagRow[] = buckets(ea.tags)
    .map((b) => {
      const current = docCount(b.wk);
      const baselineWeekly = docCount(b.base) / baselineWeeks;
      return { tag: String(b.key), current, baselineWeekly, growth: ratio(current, baselineWeekly), isNew: baselineWeekly === 0 };
    })
    .filter((h) => h.current > 0)
    .sort((a, b) => (b.growth ?? Infinity) - (a.growth ?? Infinity) || b.current - a.current || a.tag.localeCompare(b.tag))
    .slice(0, top);
  const terms: TermRow[] = buckets(((ea.wk as Json | undefined)?.s as Json | undefined)?.t).map((b) => ({
    term: String(b.key),
    current: b.doc_count,
    baseline: Number((b as unknown as { bg_count?: number }).bg_count ?? 0),
    score: Number((b as unknown as { score?: number }).score ?? 0),
  }));

  return {
    version: REPORT_VERSION,
    brand: o.brand,
    competitors,
    week: { id: week.id, timeZone: week.timeZone, start: week.start.toISOString(), end: week.end.toISOString(), days: week.days },
    previousWeek: { id: prevWeek.id, start: prevWeek.start.toISOString(), end: prevWeek.end.toISOString() },
    generatedAt: new Date(now).toISOString(),
    indexPrefix: o.prefix,
    notes,
    volume: { ...compared(total, prevTotal), duplicatesExcluded: dups, uniqueAuthors: compared(uniqueAuthors(cm), uniqueAuthors(pm)) },
    byDay,
    peakDay,
    sentiment: { current: cs, previous: ps, netChange: cs.net !== null && ps.net !== null ? cs.net - ps.net : null },
    shareOfVoice: { entities: shares, total: compared(sumCur, sumPrev) },
    platforms: {
      kinds: platforms(cm.kinds, pm.kinds, total),
      names: platforms(cm.names, pm.names, total),
      domains: platforms(cm.domains, pm.domains, total),
    },
    people: {
      leaders: readAuthors(cm.leaders as Json, top, 'influence'),
      fans: readAuthors(cm.fans as Json, top, 'count'),
      critics: readAuthors(cm.critics as Json, top, 'count'),
    },
    topMentions: { positive: readMentions(cm.topPos as Json), negative: readMentions(cm.topNeg as Json) },
    emerging: { baselineWeeks, hashtags, terms },
    alerts: { indexFound: alertsRes.indexFound, episodes: groupAlerts(alertsRes.hits, (scope) => !scope.startsWith('entry:') || entities.includes(scope.slice(6))) },
    languages: shareRows(cm.langs, total),
    countries: { known: docCount(cm.geoKnown), rows: shareRows(cm.countries, docCount(cm.geoKnown)) },
    responses,
  };
}

async function fetchAlerts(client: Client, index: string, week: ReportWeek, signal?: AbortSignal): Promise<{ indexFound: boolean; hits: Array<{ _source: Json }> }> {
  try {
    const res = await search(
      client,
      {
        index,
        size: 500,
        // Event records only (incident summaries repeat them); records older than incidents have no `record`.
        query: { bool: { filter: [{ range: { eventTime: { gte: week.start.toISOString(), lt: week.end.toISOString() } } }], must_not: [{ term: { record: 'incident' } }] } },
        sort: [{ eventTime: 'asc' }],
      },
      'report: alert records',
      signal,
    );
    return { indexFound: true, hits: ((res.hits as Json).hits as Array<{ _source: Json }>) ?? [] };
  } catch (e) {
    // No alerts index yet (alerts never ran): the report says so instead of failing.
    const cause = (e as { cause?: unknown }).cause;
    if (statusOf(cause) === 404) return { indexFound: false, hits: [] };
    throw e;
  }
}
