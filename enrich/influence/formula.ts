import type { RawMention } from '../../core/mention.ts';

/** Default platform weights (source kind → multiplier in [0, 1]); kinds not listed get {@link DEFAULT_PLATFORM_WEIGHT}. */
export const PLATFORM_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({
  twitter: 1,
  x: 1,
  youtube: 1,
  news: 1,
  bluesky: 0.9,
  reddit: 0.9,
  hackernews: 0.9,
  mastodon: 0.85,
  rss: 0.8,
  forum: 0.75,
});
export const DEFAULT_PLATFORM_WEIGHT = 0.8;
/** People each share is assumed to expose the post to, when the platform gives no view count. */
export const SHARE_REACH = 100;

/** Weights of the three components; they sum to 1, so the raw score is in [0, 1]. */
export const WEIGHTS = Object.freeze({ audience: 0.55, engagement: 0.35, verified: 0.1 });
/** Reach that saturates the audience component (10^7 = 10 million). */
export const AUDIENCE_LOG_MAX = 7;
/** Weighted interactions that saturate the engagement component (10^5 = 100,000). */
export const ENGAGEMENT_LOG_MAX = 5;

export interface InfluenceOptions {
  platformWeights?: Readonly<Record<string, number>>;
  shareReach?: number;
}

export interface Influence {
  /** 0–100, one decimal. */
  score: number;
  /** Estimated number of people the mention reached. */
  reach: number;
}

/** log10(1 + x) / max, capped at 1: each order of magnitude counts the same until saturation. */
function logScale(x: number, max: number): number {
  return Math.min(1, Math.log10(1 + x) / max);
}

/** A count from a mention: missing, negative or non-finite values count as 0. */
function n(x: number | undefined): number {
  return x !== undefined && Number.isFinite(x) && x > 0 ? x : 0;
}

/**
 * Influence of a mention (see README.md in this folder):
 *
 * - `reach = max(views, followers + shareReach × shares)`
 * - `audience = min(1, log10(1 + reach) / 7)`
 * - `engagement = min(1, log10(1 + likes + 2·shares + 1.5·replies + views/100) / 5)`
 * - `verified = 1` if the author is verified, else 0
 * - `score = round1(100 × platformWeight × (0.55·audience + 0.35·engagement + 0.10·verified))`
 *
 * Deterministic, bounded to [0, 100], and non-decreasing in every input.
 */
export function computeInfluence(m: Readonly<Pick<RawMention, 'source' | 'author' | 'engagement'>>, opts: InfluenceOptions = {}): Influence {
  const followers = n(m.author?.followers);
  const e = m.engagement;
  const likes = n(e?.likes);
  const shares = n(e?.shares);
  const replies = n(e?.replies);
  const views = n(e?.views);
  const reach = Math.round(Math.max(views, followers + (opts.shareReach ?? SHARE_REACH) * shares));
  const audience = logScale(reach, AUDIENCE_LOG_MAX);
  const engagement = logScale(likes + 2 * shares + 1.5 * replies + views / 100, ENGAGEMENT_LOG_MAX);
  const verified = m.author?.verified === true ? 1 : 0;
  const weights = opts.platformWeights ?? PLATFORM_WEIGHTS;
  const platform = Math.min(1, Math.max(0, weights[m.source.kind.toLowerCase()] ?? PLATFORM_WEIGHTS[m.source.kind.toLowerCase()] ?? DEFAULT_PLATFORM_WEIGHT));
  const raw = WEIGHTS.audience * audience + WEIGHTS.engagement * engagement + WEIGHTS.verified * verified;
  return { score: Math.round(1000 * platform * raw) / 10, reach };
}
