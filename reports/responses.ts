import type { Client } from '@elastic/elasticsearch';
import { retry } from '../core/retry.ts';
import { indexNames, readDeskStates, searchAll, type DeskState } from '../index/read.ts';
import { ratio, type PlatformResponse, type ResponseFigures, type ResponseSection, type WaitingCritic } from './model.ts';
import type { ReportWeek } from './week.ts';

/**
 * The response section of the weekly report: of the brand's mentions of the week that needed a
 * reply (`reply.needed`, near-duplicates excluded) on the platforms where it has owned
 * accounts, how many an owned account answered, how fast
 * (median and 90th percentile of `response.seconds`, exact: every value is read, no t-digest),
 * per platform and against the previous week; and the critics still waiting (negative, neither
 * answered nor marked handled on the desk), oldest first.
 */

/**
 * The p-quantile (0 ≤ p ≤ 1) of ascending values, interpolating linearly between the two
 * closest ranks (the "R-7" definition of spreadsheets and numpy): the median of 60 and 120 is
 * 90. Null for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0 || !(p >= 0 && p <= 1)) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  // Rounded to the millisecond: the interpolation leaves float noise (42360.000000000015).
  return Math.round((sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)) * 1000) / 1000;
}

/** The figures of one group of mentions needing a reply. */
export function responseFigures(seconds: readonly number[], handled: number, waiting: number): ResponseFigures {
  const sorted = [...seconds].sort((a, b) => a - b);
  const needed = sorted.length + handled + waiting;
  return { needed, answered: sorted.length, handled, waiting, rate: ratio(sorted.length, needed), medianSeconds: percentile(sorted, 0.5), p90Seconds: percentile(sorted, 0.9) };
}

interface Stored {
  id: string;
  url?: string;
  title?: string;
  text?: string;
  publishedAt: string;
  source: { kind: string };
  author?: { handle?: string; name?: string; id?: string; url?: string };
  sentiment?: { label: string; score: number };
  response?: { seconds: number };
}

/** One week of mentions needing a reply, split as the figures need them. */
export interface WeekResponses {
  answered: Array<{ platform: string; seconds: number }>;
  /** Not answered: with their desk state, if any. */
  unanswered: Array<{ m: Stored; desk: DeskState | undefined }>;
}

const EXCERPT = 280;

/** Whether a desk state takes a mention off the queue for good (handled; a snooze ends). */
const isHandled = (s: DeskState | undefined) => s?.state === 'handled';

/**
 * Reads one range (the week, or any span: the demo reads all of it) of a brand's mentions
 * needing a reply, on the platforms where it has owned accounts: elsewhere (a news feed, a
 * forum read as RSS) no answer can be seen, so counting those would only lower the rate.
 */
export async function readResponses(
  client: Client,
  o: { prefix: string; brand: string; platforms: readonly string[]; from?: Date; to?: Date; signal?: AbortSignal },
): Promise<WeekResponses> {
  const n = indexNames(o.prefix);
  const filter: unknown[] = [{ term: { 'matches.name': o.brand } }, { term: { 'reply.needed': true } }, { terms: { 'source.kind': [...o.platforms] } }];
  if (o.from || o.to) filter.push({ range: { '@timestamp': { ...(o.from ? { gte: o.from.toISOString() } : {}), ...(o.to ? { lt: o.to.toISOString() } : {}), format: 'strict_date_optional_time' } } });
  const answeredField = { exists: { field: 'response.answeredAt' } };
  const dup = { exists: { field: 'duplicateOf' } };
  const sort = [{ '@timestamp': 'asc' }, { id: 'asc' }];
  const opts = { retries: 3, baseMs: 250, maxMs: 4000, ...(o.signal ? { signal: o.signal } : {}) };
  const [answered, unanswered] = await Promise.all([
    retry(() => searchAll<Stored>(client, { index: n.mentionsAlias, query: { bool: { filter: [...filter, answeredField], must_not: [dup] } }, sort, _source: ['source.kind', 'response.seconds'] }, { what: 'report: answered mentions', ...(o.signal ? { signal: o.signal } : {}) }), opts),
    retry(
      () =>
        searchAll<Stored>(
          client,
          { index: n.mentionsAlias, query: { bool: { filter, must_not: [dup, answeredField] } }, sort, _source: ['id', 'url', 'title', 'text', 'publishedAt', 'source.kind', 'author', 'sentiment'] },
          { what: 'report: mentions waiting for a reply', ...(o.signal ? { signal: o.signal } : {}) },
        ),
      opts,
    ),
  ]);
  const states = await retry(() => readDeskStates(client, n.desk, unanswered.hits.map((m) => m.id), o.signal), opts);
  return {
    answered: answered.hits.filter((m) => typeof m.response?.seconds === 'number').map((m) => ({ platform: m.source.kind, seconds: m.response!.seconds })),
    unanswered: unanswered.hits.map((m) => ({ m, desk: states.get(m.id) })),
  };
}

/** The figures of a week's responses, overall or for one platform. */
export function figuresOf(w: WeekResponses, platform?: string): ResponseFigures {
  const on = <T extends { platform: string } | { m: Stored }>(x: T) => platform === undefined || ('platform' in x ? x.platform : x.m.source.kind) === platform;
  const un = w.unanswered.filter(on);
  const handled = un.filter((u) => isHandled(u.desk)).length;
  return responseFigures(w.answered.filter(on).map((a) => a.seconds), handled, un.length - handled);
}

/** The critics still waiting: negative, neither answered nor handled, oldest first. */
export function waitingCritics(w: WeekResponses, nowMs: number): WaitingCritic[] {
  return w.unanswered
    .filter((u) => !isHandled(u.desk) && u.m.sentiment?.label === 'negative')
    .map(({ m }) => {
      const a = m.author ?? {};
      const text = m.title && m.text && !m.text.startsWith(m.title) ? `${m.title} — ${m.text}` : (m.text ?? m.title ?? '');
      return {
        id: m.id,
        url: m.url ?? null,
        author: a.handle ?? a.name ?? a.id ?? null,
        authorUrl: a.url ?? null,
        platform: m.source.kind,
        publishedAt: m.publishedAt,
        waitingSeconds: Math.max(0, Math.round((nowMs - Date.parse(m.publishedAt)) / 1000)),
        excerpt: text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text,
        sentimentScore: m.sentiment!.score,
      };
    })
    .sort((x, y) => x.publishedAt.localeCompare(y.publishedAt) || x.id.localeCompare(y.id));
}

/** The section from the two weeks read; platforms with anything to answer in either week. */
export function responseSection(cur: WeekResponses, prev: WeekResponses, o: { ownedPlatforms: readonly string[]; now: number; top: number }): ResponseSection {
  const kinds = new Set<string>();
  for (const w of [cur, prev]) {
    for (const a of w.answered) kinds.add(a.platform);
    for (const u of w.unanswered) kinds.add(u.m.source.kind);
  }
  const platforms: PlatformResponse[] = [...kinds]
    .map((key) => ({ key, current: figuresOf(cur, key), previous: figuresOf(prev, key) }))
    .sort((a, b) => b.current.needed - a.current.needed || b.previous.needed - a.previous.needed || a.key.localeCompare(b.key));
  const critics = waitingCritics(cur, o.now);
  return { ownedPlatforms: [...o.ownedPlatforms].sort(), current: figuresOf(cur), previous: figuresOf(prev), platforms, critics: critics.slice(0, o.top), criticsWaiting: critics.length };
}

/** Reads both weeks and builds the section. */
export async function fetchResponseSection(
  client: Client,
  o: { prefix: string; brand: string; week: ReportWeek; previousWeek: ReportWeek; ownedPlatforms: readonly string[]; now: number; top: number; signal?: AbortSignal },
): Promise<ResponseSection> {
  const base = { prefix: o.prefix, brand: o.brand, platforms: o.ownedPlatforms, ...(o.signal ? { signal: o.signal } : {}) };
  const [cur, prev] = await Promise.all([
    readResponses(client, { ...base, from: o.week.start, to: o.week.end }),
    readResponses(client, { ...base, from: o.previousWeek.start, to: o.previousWeek.end }),
  ]);
  return responseSection(cur, prev, o);
}
