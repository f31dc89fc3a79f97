import { REPORT_VERSION, compared, sentimentCounts, type ReportData } from './model.ts';
import { reportWeek, shiftWeek } from './week.ts';

/**
 * Report data for tests of the summary and the renderers (no Elasticsearch): `emptyReport` is
 * a week with nothing in it, `sampleReport` a full week with every section filled.
 */
export function emptyReport(brand = 'Acme', competitors: string[] = ['Globex']): ReportData {
  const week = reportWeek(2026, 46, 'America/Montreal');
  const prev = shiftWeek(week, 1);
  const zero = sentimentCounts(0, 0, 0);
  return {
    version: REPORT_VERSION,
    brand,
    competitors,
    week: { id: week.id, timeZone: week.timeZone, start: week.start.toISOString(), end: week.end.toISOString(), days: week.days },
    previousWeek: { id: prev.id, start: prev.start.toISOString(), end: prev.end.toISOString() },
    generatedAt: '2026-11-16T13:00:00.000Z',
    indexPrefix: 'vigie',
    notes: [{ code: 'no_data' }, ...competitors.map((name) => ({ code: 'competitor_no_mentions' as const, name }))],
    volume: { ...compared(0, 0), duplicatesExcluded: 0, uniqueAuthors: compared(0, 0) },
    byDay: week.days.map((date) => ({ date, count: 0, previousCount: 0, sentiment: zero, topSource: null, topHashtag: null })),
    peakDay: null,
    sentiment: { current: zero, previous: zero, netChange: null },
    shareOfVoice: {
      entities: [brand, ...competitors].map((name, i) => ({ name, role: i === 0 ? 'brand' : 'competitor', entries: [{ name, mentions: compared(0, 0) }], mentions: compared(0, 0), share: null, previousShare: null, shareChange: null, sentiment: zero, firstSeen: null })),
      total: compared(0, 0),
    },
    platforms: { kinds: [], names: [], domains: [] },
    people: { leaders: [], fans: [], critics: [] },
    topMentions: { positive: [], negative: [] },
    emerging: { baselineWeeks: 4, hashtags: [], terms: [] },
    alerts: { indexFound: true, episodes: [] },
    languages: [],
    countries: { known: 0, rows: [] },
    responses: null,
  };
}

/** A full week: 142 mentions (+42 %) with a negative peak on Tuesday on reddit. */
export function sampleReport(): ReportData {
  const d = emptyReport('Acme', ['Globex', 'Initech']);
  const counts = [12, 58, 20, 14, 15, 12, 11];
  const prevCounts = [15, 14, 16, 15, 14, 13, 13];
  const neg = [2, 40, 6, 3, 3, 2, 2];
  const pos = [4, 6, 5, 5, 6, 4, 4];
  d.notes = [{ code: 'duplicates_excluded', count: 3 }];
  d.volume = { ...compared(142, 100), duplicatesExcluded: 3, uniqueAuthors: compared(88, 70) };
  d.byDay = d.week.days.map((date, i) => ({
    date,
    count: counts[i]!,
    previousCount: prevCounts[i]!,
    sentiment: sentimentCounts(pos[i]!, counts[i]! - pos[i]! - neg[i]!, neg[i]!),
    topSource: i === 1 ? 'reddit' : 'news',
    topHashtag: i === 1 ? 'AcmeRecall' : null,
  }));
  const byHour = new Array<number>(24).fill(0).map((_, h) => (h >= 17 && h <= 22 ? 8 : h >= 8 ? 1 : 0));
  d.peakDay = { date: d.week.days[1]!, count: 58, byHour, peakHour: 17, sentiment: d.byDay[1]!.sentiment, topSource: 'reddit', topHashtag: 'AcmeRecall', ratioToOtherDays: 58 / 14 };
  d.sentiment = { current: sentimentCounts(34, 50, 58, -0.2), previous: sentimentCounts(30, 50, 20, 0.05), netChange: (34 - 58) / 92 - 10 / 50 };
  d.shareOfVoice = {
    entities: [
      // A product line in the brand's organisation: mentions naming both count once for Acme.
      { name: 'Acme', role: 'brand', entries: [{ name: 'Acme', mentions: compared(130, 95) }, { name: 'Acme Phone', mentions: compared(27, 8) }], mentions: compared(142, 100), share: 142 / 230, previousShare: 100 / 200, shareChange: 142 / 230 - 0.5, sentiment: d.sentiment.current, firstSeen: '2026-01-01T00:00:00.000Z' },
      { name: 'Globex', role: 'competitor', entries: [{ name: 'Globex', mentions: compared(88, 80) }], mentions: compared(88, 80), share: 88 / 230, previousShare: 0.4, shareChange: 88 / 230 - 0.4, sentiment: sentimentCounts(20, 60, 8), firstSeen: '2026-01-01T00:00:00.000Z' },
      { name: 'Initech', role: 'competitor', entries: [{ name: 'Initech', mentions: compared(0, 20) }], mentions: compared(0, 20), share: 0, previousShare: 0.1, shareChange: -0.1, sentiment: sentimentCounts(0, 0, 0), firstSeen: '2026-01-01T00:00:00.000Z' },
    ],
    total: compared(230, 200),
  };
  d.notes.push({ code: 'competitor_no_mentions', name: 'Initech' });
  const platform = (key: string, c: number, p: number, s: [number, number, number]) => ({ key, mentions: compared(c, p), share: c / 142, sentiment: sentimentCounts(...s) });
  d.platforms = {
    kinds: [platform('reddit', 70, 30, [5, 20, 45]), platform('rss', 50, 50, [20, 25, 5]), platform('mastodon', 22, 20, [9, 5, 8])],
    names: [platform('r/quebec', 60, 20, [4, 16, 40]), platform('le-fil', 40, 40, [15, 22, 3]), platform('mastodon.social', 22, 20, [9, 5, 8]), platform('blogue', 20, 20, [6, 12, 2])],
    domains: [platform('news.example', 30, 25, [10, 15, 5]), platform('acme.example', 12, 10, [6, 6, 0])],
  };
  const author = (key: string, name: string, mentions: number, positive: number, negative: number, influence: number | null) => ({ key, name, handle: `@${name.toLowerCase().replace(/\s+/g, '')}`, url: `https://social.example/@${encodeURIComponent(name)}`, sourceKind: 'mastodon', mentions, positive, negative, influence, followers: influence === null ? null : influence * 1000 });
  d.people = {
    leaders: [author('m:1', 'Ana Lopez', 3, 1, 2, 91), author('m:2', 'Ben Roy', 2, 2, 0, 77), author('m:3', 'Chloé Gagnon', 1, 0, 1, 64)],
    fans: [author('m:4', 'Dana Fan', 5, 5, 0, 20), author('m:2', 'Ben Roy', 2, 2, 0, 77)],
    critics: [author('m:5', 'Eve Critic', 6, 0, 6, 30), author('m:1', 'Ana Lopez', 3, 1, 2, 91)],
  };
  const mention = (id: string, title: string, score: number, engagement: number) => ({ id, url: `https://news.example/${id}`, title, excerpt: `${title}: a longer text about Acme and the week.`, publishedAt: '2026-11-10T22:15:00.000Z', source: 'r/quebec', author: 'Ana Lopez', engagement, influence: 60, sentimentScore: score });
  d.topMentions = {
    positive: [mention('p1', 'Acme staff handled it well', 0.8, 320), mention('p2', 'Still my favourite coffee', 0.7, 150)],
    negative: [mention('n1', 'Acme recall: what we know', -0.7, 900), mention('n2', 'No answer from Acme support', -0.6, 410), mention('n3', 'Refund line busy all day', -0.5, 200)],
  };
  d.emerging = {
    baselineWeeks: 4,
    hashtags: [
      { tag: 'AcmeRecall', current: 40, baselineWeekly: 0, growth: null, isNew: true },
      { tag: 'coffee', current: 12, baselineWeekly: 4, growth: 3, isNew: false },
    ],
    terms: [
      { term: 'recall', current: 45, baseline: 1, score: 3.2 },
      { term: 'refund', current: 12, baseline: 0, score: 1.1 },
    ],
  };
  d.alerts = {
    indexFound: true,
    episodes: [
      { episodeId: 'e1', rule: 'volume-spike', scope: 'entry:Acme', severity: 'critical', title: 'Mentions spike: Acme', summary: null, openedAt: '2026-11-10T22:40:00.000Z', resolvedAt: '2026-11-12T03:00:00.000Z', events: 3, maxCount: 40 },
      { episodeId: 'e2', rule: 'negative-share', scope: 'entry:Acme', severity: 'warning', title: 'Negative share above 60%', summary: null, openedAt: '2026-11-11T01:00:00.000Z', resolvedAt: null, events: 1, maxCount: 25 },
    ],
  };
  d.languages = [
    { key: 'fr', count: 90, share: 90 / 142 },
    { key: 'en', count: 52, share: 52 / 142 },
  ];
  d.countries = { known: 40, rows: [{ key: 'CA', count: 36, share: 0.9 }, { key: 'FR', count: 4, share: 0.1 }] };
  const fig = (needed: number, answered: number, handled: number, medianSeconds: number | null, p90Seconds: number | null) => ({ needed, answered, handled, waiting: needed - answered - handled, rate: needed ? answered / needed : null, medianSeconds, p90Seconds });
  d.responses = {
    ownedPlatforms: ['mastodon', 'reddit'],
    current: fig(40, 28, 2, 2820, 33_000),
    previous: fig(12, 11, 0, 900, 4000),
    platforms: [
      { key: 'reddit', current: fig(30, 20, 2, 3600, 36_000), previous: fig(8, 7, 0, 1200, 4200) },
      { key: 'mastodon', current: fig(10, 8, 0, 1500, 9000), previous: fig(4, 4, 0, 600, 900) },
    ],
    critics: [
      { id: 'w1', url: 'https://reddit.example/r/quebec/w1', author: 'u/angry_customer', authorUrl: 'https://reddit.example/u/angry_customer', platform: 'reddit', publishedAt: '2026-11-10T23:05:00.000Z', waitingSeconds: 6 * 86400 + 3 * 3600, excerpt: 'Still no answer from Acme about my refund. Three emails, nothing.', sentimentScore: -0.8 },
      { id: 'w2', url: 'https://social.example/@marc/w2', author: '@marc', authorUrl: null, platform: 'mastodon', publishedAt: '2026-11-12T14:00:00.000Z', waitingSeconds: 4 * 86400, excerpt: 'Pourquoi Acme ne répond jamais aux plaintes? C’est plate.', sentimentScore: -0.6 },
    ],
    criticsWaiting: 7,
  };
  return d;
}
