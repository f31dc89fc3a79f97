import { describe, expect, it } from 'vitest';
import type { RawMention } from '../../core/mention.ts';
import { computeInfluence, influence, influenceConfigSchema } from './index.ts';

type Input = Pick<RawMention, 'source' | 'author' | 'engagement'>;
const base = (kind = 'twitter', followers?: number, eng: RawMention['engagement'] = {}, verified?: boolean): Input => ({
  source: { kind },
  author: { handle: 'x', followers, verified },
  engagement: eng,
});

describe('influence formula', () => {
  it('gives 0 with no audience, engagement or verification', () => {
    expect(computeInfluence({ source: { kind: 'rss' } })).toEqual({ score: 0, reach: 0 });
  });
  it('matches hand-computed values', () => {
    // 1000 followers on twitter: 100 × 0.55 × log10(1001)/7 = 23.57…
    expect(computeInfluence(base('twitter', 1000))).toEqual({ score: 23.6, reach: 1000 });
    // + 10 shares: reach 1000 + 100×10 = 2000; engagement log10(1+20)/5
    const s = 100 * (0.55 * (Math.log10(2001) / 7) + 0.35 * (Math.log10(21) / 5));
    expect(computeInfluence(base('twitter', 1000, { shares: 10 }))).toEqual({ score: Math.round(s * 10) / 10, reach: 2000 });
    // views dominate reach when larger; verified adds 10 points × platform weight (reddit 0.9)
    const v = 0.9 * 100 * (0.55 * (Math.log10(50_001) / 7) + 0.35 * (Math.log10(1 + 500) / 5) + 0.1);
    expect(computeInfluence(base('reddit', 10, { views: 50_000 }, true))).toEqual({ score: Math.round(v * 10) / 10, reach: 50_000 });
  });
  it('saturates at 100 for a huge verified account on a full-weight platform', () => {
    expect(computeInfluence(base('twitter', 50_000_000, { likes: 1e6, shares: 1e6, replies: 1e6, views: 1e9 }, true))).toEqual({ score: 100, reach: 1e9 });
  });
  it('stays within [0, 100] and ignores negative or non-finite counts', () => {
    const r = computeInfluence(base('twitter', -5, { likes: Number.NaN, shares: -1, views: Infinity }));
    expect(r).toEqual({ score: 0, reach: 0 });
  });
  it('is non-decreasing in every input', () => {
    const steps = [0, 1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
    const fields = ['likes', 'shares', 'replies', 'views'] as const;
    for (const f of [...fields, 'followers' as const]) {
      let prev = -1;
      let prevReach = -1;
      for (const x of steps) {
        const r = f === 'followers' ? computeInfluence(base('mastodon', x, { likes: 3 })) : computeInfluence(base('mastodon', 50, { [f]: x }));
        expect(r.score, `${f}=${x}`).toBeGreaterThanOrEqual(prev);
        expect(r.reach, `${f}=${x}`).toBeGreaterThanOrEqual(prevReach);
        expect(r.score).toBeLessThanOrEqual(100);
        prev = r.score;
        prevReach = r.reach;
      }
    }
    expect(computeInfluence(base('twitter', 100, {}, true)).score).toBeGreaterThan(computeInfluence(base('twitter', 100, {}, false)).score);
  });
  it('weighs platforms, with configurable weights', () => {
    const tw = computeInfluence(base('twitter', 1000)).score;
    const forum = computeInfluence(base('forum', 1000)).score;
    const unknown = computeInfluence(base('my-custom-source', 1000)).score;
    expect(forum).toBe(Math.round(tw * 0.75 * 10) / 10);
    expect(unknown).toBe(Math.round(tw * 0.8 * 10) / 10);
    expect(computeInfluence(base('forum', 1000), { platformWeights: { forum: 1 } }).score).toBe(tw);
  });
});

describe('influence component', () => {
  it('validates its config and enriches', () => {
    expect(influenceConfigSchema.safeParse({ platformWeights: { x: 2 } }).success).toBe(false);
    const e = influence.create(influenceConfigSchema.parse({ shareReach: 0 }), undefined as never);
    expect(e.field).toBe('influence');
    const m: RawMention = { schemaVersion: 1, id: 'a', source: { kind: 'twitter' }, publishedAt: '2026-01-01T00:00:00Z', text: '', author: { followers: 10 }, engagement: { shares: 5 } };
    expect(e.enrich(m, {}).reach).toBe(10);
  });
});
