/**
 * The numbers of one weekly report, independent of language and format: what `report.json`
 * holds and what every renderer reads. A ratio that cannot be computed (nothing to divide by)
 * is `null`, never NaN or Infinity.
 */

/** Bumped when a field changes meaning or disappears. */
export const REPORT_VERSION = 2;

export interface SentimentCounts {
  positive: number;
  neutral: number;
  negative: number;
  /** (positive − negative) / (positive + negative), in [−1, 1]; null when both are 0. */
  net: number | null;
  /** Mean sentiment score in [−1, 1]; null without mentions. */
  avgScore: number | null;
}

/** A count this week, last week and the relative change ((cur − prev) / prev; null when prev = 0). */
export interface Compared {
  current: number;
  previous: number;
  change: number | null;
}

export interface DayRow {
  /** Local date `YYYY-MM-DD` in the report time zone. */
  date: string;
  count: number;
  /** Count of the same weekday last week. */
  previousCount: number;
  sentiment: SentimentCounts;
  topSource: string | null;
  topHashtag: string | null;
}

export interface PeakDay {
  date: string;
  count: number;
  /** 24 hourly counts, local hours 0..23 (a DST day repeats or skips one). */
  byHour: number[];
  peakHour: number;
  sentiment: SentimentCounts;
  topSource: string | null;
  topHashtag: string | null;
  /** Peak count over the mean of the other days (null when the other days have none). */
  ratioToOtherDays: number | null;
}

/** One watch entry counted in an organisation's share of voice. */
export interface EntryVoice {
  name: string;
  mentions: Compared;
}

/**
 * One row of the share of voice: an organisation (`watch[].organisation`), or a watch entry
 * without one. A mention naming several entries of one organisation counts once for it.
 */
export interface EntityShare {
  /** The organisation as written in the config, or the entry's name. */
  name: string;
  role: 'brand' | 'competitor';
  /** Its watch entries, config order, each with its own count (a mention naming two counts in both). */
  entries: EntryVoice[];
  mentions: Compared;
  /** Share of the summed mentions of the brand's and its competitors' organisations, in [0, 1]; null when that sum is 0. */
  share: number | null;
  previousShare: number | null;
  /** Change in share, in points of share (0.05 = +5 points); null when either share is null. */
  shareChange: number | null;
  sentiment: SentimentCounts;
  /** First mention ever indexed for any of its entries (ISO), null when none. */
  firstSeen: string | null;
}

export interface PlatformRow {
  key: string;
  mentions: Compared;
  /** Share of the brand's mentions this week. */
  share: number | null;
  sentiment: SentimentCounts;
}

export interface AuthorRow {
  /** `author.key` (`<source kind>:<id>`) or `name:<author name>` when the source gives no id. */
  key: string;
  name: string;
  handle: string | null;
  url: string | null;
  sourceKind: string | null;
  mentions: number;
  positive: number;
  negative: number;
  /** Highest influence score (0–100) of their mentions this week; null when unknown. */
  influence: number | null;
  followers: number | null;
}

export interface MentionRow {
  id: string;
  url: string | null;
  title: string | null;
  /** First 280 characters of the text. */
  excerpt: string;
  publishedAt: string;
  source: string;
  author: string | null;
  engagement: number | null;
  influence: number | null;
  sentimentScore: number;
}

export interface HashtagRow {
  tag: string;
  current: number;
  /** Mean per week over the baseline weeks. */
  baselineWeekly: number;
  /** current / baselineWeekly; null when the baseline is 0 (a new tag). */
  growth: number | null;
  isNew: boolean;
}

export interface TermRow {
  term: string;
  /** Brand mentions containing the term this week. */
  current: number;
  /** Brand mentions containing it over the baseline weeks. */
  baseline: number;
  score: number;
}

export interface AlertEpisode {
  episodeId: string;
  rule: string;
  scope: string;
  severity: string;
  title: string | null;
  summary: string | null;
  openedAt: string;
  resolvedAt: string | null;
  events: number;
  maxCount: number | null;
}

export interface ShareRow {
  key: string;
  count: number;
  share: number | null;
}

/** How the brand answered the mentions of one week that needed a reply (`reply.needed`). */
export interface ResponseFigures {
  /** Mentions of the brand that needed a reply (near-duplicates excluded). */
  needed: number;
  /** Of those, answered by an owned account (a reply seen on the platform, whenever it came). */
  answered: number;
  /** Not answered, but marked handled on the response desk (answered another way). */
  handled: number;
  /** Neither answered nor handled: still waiting when the report was generated. */
  waiting: number;
  /** answered / needed, in [0, 1]; null when nothing needed a reply. */
  rate: number | null;
  /** Median and 90th percentile of the response time in seconds (linear interpolation between ranks); null without answers. */
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface PlatformResponse {
  /** `source.kind`. */
  key: string;
  current: ResponseFigures;
  previous: ResponseFigures;
}

/** A waiting mention with negative sentiment: a critic still without an answer. */
export interface WaitingCritic {
  id: string;
  url: string | null;
  author: string | null;
  authorUrl: string | null;
  platform: string;
  publishedAt: string;
  /** Seconds from publication to the report's generation. */
  waitingSeconds: number;
  /** First 280 characters of the text. */
  excerpt: string;
  sentimentScore: number;
}

/** The response section: null in ReportData when no owned account is configured for the brand. */
export interface ResponseSection {
  /** Platforms where the brand has owned accounts (`watch[].owned`), sorted. */
  ownedPlatforms: string[];
  current: ResponseFigures;
  previous: ResponseFigures;
  /** Per platform, platforms with mentions needing a reply in either week, most needed first. */
  platforms: PlatformResponse[];
  /** The week's waiting critics, oldest first (at most `top`); `current.waiting` counts all waiting mentions. */
  critics: WaitingCritic[];
  /** Waiting critics in all (the list may be cut). */
  criticsWaiting: number;
}

/** A fact the reader must know to read the numbers right (rendered as a sentence). */
export type ReportNote =
  | { code: 'no_data' }
  | { code: 'no_previous_data' }
  | { code: 'brand_started_mid_week'; firstSeen: string }
  | { code: 'week_in_progress'; asOf: string }
  | { code: 'competitor_no_mentions'; name: string }
  | { code: 'no_competitors' }
  | { code: 'alerts_index_missing'; index: string }
  | { code: 'duplicates_excluded'; count: number };

export interface ReportData {
  version: typeof REPORT_VERSION;
  /** The brand's watch entry (volume, sentiment, platforms, people… count its mentions only). */
  brand: string;
  /** Competitor watch entries, config order (their organisations are rows of shareOfVoice). */
  competitors: string[];
  week: { id: string; timeZone: string; start: string; end: string; days: string[] };
  previousWeek: { id: string; start: string; end: string };
  generatedAt: string;
  indexPrefix: string;
  notes: ReportNote[];
  volume: Compared & { duplicatesExcluded: number; uniqueAuthors: Compared };
  byDay: DayRow[];
  peakDay: PeakDay | null;
  sentiment: { current: SentimentCounts; previous: SentimentCounts; netChange: number | null };
  shareOfVoice: { entities: EntityShare[]; total: Compared };
  platforms: { kinds: PlatformRow[]; names: PlatformRow[]; domains: PlatformRow[] };
  people: { leaders: AuthorRow[]; fans: AuthorRow[]; critics: AuthorRow[] };
  topMentions: { positive: MentionRow[]; negative: MentionRow[] };
  emerging: { baselineWeeks: number; hashtags: HashtagRow[]; terms: TermRow[] };
  alerts: { indexFound: boolean; episodes: AlertEpisode[] };
  languages: ShareRow[];
  countries: { known: number; rows: ShareRow[] };
  /** Response rate and times; null when the brand has no owned account (the section says so). */
  responses: ResponseSection | null;
}

/** a / b, or null when b is 0 or either is not finite. */
export function ratio(a: number, b: number): number | null {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return a / b;
}

/** Relative change (cur − prev) / prev; null when prev is 0. */
export function change(current: number, previous: number): number | null {
  return ratio(current - previous, previous);
}

export function compared(current: number, previous: number): Compared {
  return { current, previous, change: change(current, previous) };
}

export function sentimentCounts(positive: number, neutral: number, negative: number, avgScore: number | null = null): SentimentCounts {
  return { positive, neutral, negative, net: ratio(positive - negative, positive + negative), avgScore: avgScore !== null && Number.isFinite(avgScore) ? avgScore : null };
}

/** The entries to list under a share-of-voice row: none when the row is one entry of the same name. */
export function listedEntries(e: EntityShare): EntryVoice[] {
  return e.entries.length === 1 && e.entries[0]!.name === e.name ? [] : e.entries;
}
