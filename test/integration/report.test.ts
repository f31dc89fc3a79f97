import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.ts';
import type { EnrichedMention, SentimentLabel } from '../../core/mention.ts';
import { toDocument } from '../../index/elasticsearch/document.ts';
import { monthlyIndex } from '../../index/elasticsearch/names.ts';
import { setupIndices } from '../../index/elasticsearch/setup.ts';
import { generateReport } from '../../reports/generate.ts';
import { fetchReportData } from '../../reports/queries.ts';
import { renderHtml } from '../../reports/render/html.ts';
import { renderMarkdown } from '../../reports/render/markdown.ts';
import { startReportScheduler } from '../../reports/schedule.ts';
import { parseIsoWeek } from '../../reports/week.ts';
import { deleteByPrefix } from '../helpers/es-cleanup.ts';
import { elasticsearchUrl } from '../helpers/services.ts';
import { mention, testClient, testPrefix } from './index-helpers.ts';
import { seededRandom as rng } from '../../core/random.ts';

/**
 * The weekly report against real Elasticsearch: a fixture week (2026-W46 in Montréal) and the
 * weeks before it are indexed, and every number of the JSON report is compared with values
 * computed here, independently, from the fixture arrays.
 */

const client = testClient();
const prefix = testPrefix();
const TZ = 'America/Montreal';
// Written out by hand (not from reports/week.ts): Montréal is UTC−5 in November.
const WEEK_START = Date.parse('2026-11-09T05:00:00Z');
const WEEK_END = Date.parse('2026-11-16T05:00:00Z');
const PREV_START = Date.parse('2026-11-02T05:00:00Z'); // W45 starts after the Nov 1 DST change
const BASELINE_START = Date.parse('2026-10-12T04:00:00Z'); // W42, still EDT


const rand = rng(46);
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const AUTHORS = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'];
const SOURCES = [
  { kind: 'reddit', name: 'r/quebec' },
  { kind: 'rss', name: 'le-fil' },
  { kind: 'mastodon', name: 'mastodon.social' },
];
let n = 0;

function make(at: number, names: string[], over: Partial<EnrichedMention> = {}): EnrichedMention {
  const label = pick<SentimentLabel>(['positive', 'neutral', 'negative', 'negative']);
  const author = pick(AUTHORS);
  const source = pick(SOURCES);
  const id = `fx:${++n}`;
  return mention(id, {
    source,
    url: `https://example.com/${id}`,
    publishedAt: new Date(at).toISOString(),
    title: `Title ${id}`,
    text: `Fixture text ${id} about ${names.join(' and ')}`,
    author: { id: author, name: `Author ${author}`, handle: `@${author}` },
    sentiment: { score: label === 'positive' ? 0.6 : label === 'negative' ? -0.6 : 0, label, method: 'fixture' },
    matches: names.map((name) => ({ name, role: name === 'Acme' ? 'brand' : 'competitor' })),
    influence: { score: Math.round(rand() * 900) / 10, reach: 100 }, // below the star's 99.5
    entities: { hashtags: ['coffee'], handles: [], urls: [], domains: [`${source.kind}.example`] },
    engagement: { likes: Math.floor(rand() * 50), shares: Math.floor(rand() * 10), replies: 0 },
    ...over,
  });
}

const within = (from: number, to: number) => from + Math.floor(rand() * (to - from));
const fixtures: EnrichedMention[] = [];
// The report week: Acme alone, Acme with Globex, Globex alone; no Initech at all.
for (let i = 0; i < 60; i++) fixtures.push(make(within(WEEK_START, WEEK_END), i % 6 === 0 ? ['Acme', 'Globex'] : ['Acme']));
for (let i = 0; i < 20; i++) fixtures.push(make(within(WEEK_START, WEEK_END), ['Globex']));
// #recall only this week: an emerging hashtag.
for (let i = 0; i < 10; i++) fixtures.push(make(within(WEEK_START + 86_400_000, WEEK_START + 2 * 86_400_000), ['Acme'], { entities: { hashtags: ['recall', 'coffee'], handles: [], urls: [], domains: [] } }));
// Near-duplicates: excluded from every count.
for (let i = 0; i < 4; i++) fixtures.push(make(within(WEEK_START, WEEK_END), ['Acme'], { duplicateOf: 'fx:1' }));
// Around midnight, local vs UTC.
fixtures.push(make(Date.parse('2026-11-10T04:30:00Z'), ['Acme'])); // Mon Nov 9 23:30 local
fixtures.push(make(Date.parse('2026-11-16T04:59:00Z'), ['Acme'])); // Sun Nov 15 23:59 local: this week
fixtures.push(make(Date.parse('2026-11-16T05:00:00Z'), ['Acme'])); // Mon Nov 16 00:00 local: next week
fixtures.push(make(Date.parse('2026-11-09T04:59:00Z'), ['Acme'])); // Sun Nov 8 23:59 local: previous week
// One influential author with a single mention, and fans and critics.
fixtures.push(make(within(WEEK_START, WEEK_END), ['Acme'], { author: { id: 'star', name: 'Star Author' }, influence: { score: 99.5, reach: 1e6 } }));
for (let i = 0; i < 3; i++) fixtures.push(make(within(WEEK_START, WEEK_END), ['Acme'], { source: { kind: 'mastodon', name: 'mastodon.social' }, author: { id: 'fan', name: 'Big Fan' }, sentiment: { score: 0.9, label: 'positive', method: 'fixture' }, influence: { score: 10, reach: 5 } }));
// Previous week and the baseline weeks before it.
for (let i = 0; i < 40; i++) fixtures.push(make(within(PREV_START, WEEK_START), i % 4 === 0 ? ['Acme', 'Globex'] : ['Acme']));
for (let i = 0; i < 30; i++) fixtures.push(make(within(PREV_START, WEEK_START), ['Globex']));
for (let i = 0; i < 5; i++) fixtures.push(make(within(PREV_START, WEEK_START), ['Initech']));
for (let i = 0; i < 24; i++) fixtures.push(make(within(BASELINE_START, PREV_START), ['Acme']));

// ---- expected values, computed from the fixtures only ----
const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
const inRange = (m: EnrichedMention, from: number, to: number) => Date.parse(m.publishedAt) >= from && Date.parse(m.publishedAt) < to;
const about = (m: EnrichedMention, name: string) => m.matches.some((x) => x.name === name);
const counted = (name: string, from: number, to: number) => fixtures.filter((m) => about(m, name) && !m.duplicateOf && inRange(m, from, to));
const cur = counted('Acme', WEEK_START, WEEK_END);
const prev = counted('Acme', PREV_START, WEEK_START);
const labels = (ms: EnrichedMention[], l: SentimentLabel) => ms.filter((m) => m.sentiment.label === l).length;
const net = (ms: EnrichedMention[]) => {
  const p = labels(ms, 'positive');
  const q = labels(ms, 'negative');
  return p + q === 0 ? null : (p - q) / (p + q);
};

beforeAll(async () => {
  await setupIndices(client, { prefix, now: WEEK_START });
  const ops = fixtures.flatMap((m) => [{ index: { _index: monthlyIndex(prefix, m.publishedAt), _id: m.id } }, toDocument(m)]);
  const r = await client.bulk({ operations: ops, refresh: true });
  expect(r.errors).toBe(false);
  const alerts = [
    { '@timestamp': '2026-11-10T23:00:00Z', alertId: 'e1:0', rule: 'acme-spike', scope: 'entry:Acme', episodeId: 'e1', state: 'opened', severity: 'warning', title: 'Spike: Acme', eventTime: '2026-11-10T23:00:00Z', evidence: { count: 12 } },
    { '@timestamp': '2026-11-10T23:30:00Z', alertId: 'e1:1', rule: 'acme-spike', scope: 'entry:Acme', episodeId: 'e1', state: 'escalated', severity: 'critical', title: 'Spike: Acme', eventTime: '2026-11-10T23:30:00Z', evidence: { count: 30 } },
    { '@timestamp': '2026-11-11T04:00:00Z', alertId: 'e1:2', rule: 'acme-spike', scope: 'entry:Acme', episodeId: 'e1', state: 'resolved', severity: 'critical', title: 'Spike: Acme', eventTime: '2026-11-11T04:00:00Z', evidence: { count: 3 } },
    { '@timestamp': '2026-11-05T10:00:00Z', alertId: 'e0:0', rule: 'acme-spike', scope: 'entry:Acme', episodeId: 'e0', state: 'opened', severity: 'info', eventTime: '2026-11-05T10:00:00Z' },
    { '@timestamp': '2026-11-12T10:00:00Z', alertId: 'e9:0', rule: 'other', scope: 'entry:Someone Else', episodeId: 'e9', state: 'opened', severity: 'info', eventTime: '2026-11-12T10:00:00Z' },
  ];
  await client.bulk({ operations: alerts.flatMap((a) => [{ index: { _index: `${prefix}-alerts`, _id: a.alertId } }, a]), refresh: true });
});

afterAll(async () => {
  await deleteByPrefix(client, prefix);
  await client.close();
});

describe('weekly report numbers from real Elasticsearch', () => {
  const week = parseIsoWeek('2026-W46', TZ);
  const opts = { prefix, brand: 'Acme', competitors: ['Globex', 'Initech'], week, now: Date.parse('2026-11-17T12:00:00Z') };

  it('the JSON report matches the values computed from the fixtures', async () => {
    const out = mkdtempSync(join(tmpdir(), 'vigie-report-it-'));
    const r = await generateReport({ client, ...opts, locale: 'en', formats: ['json'], outDir: out });
    expect(r.files.map((f) => f.path)).toEqual([join(out, 'acme-2026-W46-en.json')]);
    const d = JSON.parse(readFileSync(r.files[0]!.path, 'utf8'));

    // Volume and change; duplicates excluded and counted apart.
    expect(d.volume.current).toBe(cur.length);
    expect(d.volume.previous).toBe(prev.length);
    expect(d.volume.change).toBeCloseTo((cur.length - prev.length) / prev.length, 10);
    expect(d.volume.duplicatesExcluded).toBe(4);
    // An author is `<source kind>:<author id>` (author.key): the same id on two platforms is two people.
    const key = (m: EnrichedMention) => `${m.source.kind}:${m.author!.id}`;
    expect(d.volume.uniqueAuthors.current).toBe(new Set(cur.map(key)).size);

    // By local day (the midnight cases land on the right day).
    const byDay = new Map<string, number>();
    for (const m of cur) byDay.set(localDay.format(new Date(m.publishedAt)), (byDay.get(localDay.format(new Date(m.publishedAt))) ?? 0) + 1);
    expect(d.byDay.map((x: { date: string }) => x.date)).toEqual(['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-14', '2026-11-15']);
    expect(d.byDay.map((x: { count: number }) => x.count)).toEqual(d.byDay.map((x: { date: string }) => byDay.get(x.date) ?? 0));
    const prevByDay = new Map<string, number>();
    for (const m of prev) prevByDay.set(localDay.format(new Date(m.publishedAt)), (prevByDay.get(localDay.format(new Date(m.publishedAt))) ?? 0) + 1);
    expect(d.byDay.map((x: { previousCount: number }) => x.previousCount)).toEqual(['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08'].map((day) => prevByDay.get(day) ?? 0));
    const peak = [...byDay.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
    expect([d.peakDay.date, d.peakDay.count]).toEqual(peak);
    expect(d.peakDay.byHour.reduce((s: number, x: number) => s + x, 0)).toBe(peak[1]);

    // Sentiment and net sentiment, overall and per day.
    expect(d.sentiment.current).toMatchObject({ positive: labels(cur, 'positive'), neutral: labels(cur, 'neutral'), negative: labels(cur, 'negative') });
    expect(d.sentiment.current.net).toBeCloseTo(net(cur)!, 10);
    expect(d.sentiment.previous.net).toBeCloseTo(net(prev)!, 10);
    for (const x of d.byDay) {
      const day = cur.filter((m) => localDay.format(new Date(m.publishedAt)) === x.date);
      expect(x.sentiment.net === null ? null : Number(x.sentiment.net.toFixed(10))).toBe(net(day) === null ? null : Number(net(day)!.toFixed(10)));
    }

    // Share of voice against each competitor; Initech has none this week.
    const counts = ['Acme', 'Globex', 'Initech'].map((e) => counted(e, WEEK_START, WEEK_END).length);
    const total = counts.reduce((a, b) => a + b, 0);
    expect(d.shareOfVoice.entities.map((e: { name: string }) => e.name)).toEqual(['Acme', 'Globex', 'Initech']);
    expect(d.shareOfVoice.entities.map((e: { mentions: { current: number } }) => e.mentions.current)).toEqual(counts);
    d.shareOfVoice.entities.forEach((e: { share: number }, i: number) => expect(e.share).toBeCloseTo(counts[i]! / total, 10));
    expect(d.shareOfVoice.entities[2].mentions.previous).toBe(5);
    expect(d.notes).toContainEqual({ code: 'competitor_no_mentions', name: 'Initech' });
    expect(d.notes).toContainEqual({ code: 'duplicates_excluded', count: 4 });
    const globex = counted('Globex', WEEK_START, WEEK_END);
    expect(d.shareOfVoice.entities[1].sentiment.net).toBeCloseTo(net(globex)!, 10);

    // Opinion leader: highest influence among the brand's authors this week; the fan.
    const best = new Map<string, number>();
    for (const m of cur) best.set(key(m), Math.max(best.get(key(m)) ?? 0, m.influence!.score));
    const ranked = [...best.entries()].sort((a, b) => b[1] - a[1]);
    expect(ranked[0]![0]).toMatch(/:star$/);
    expect(d.people.leaders[0]).toMatchObject({ key: ranked[0]![0], name: 'Star Author' });
    expect(d.people.leaders[0].influence).toBeCloseTo(99.5, 3);
    expect(d.people.leaders.map((a: { key: string }) => a.key)).toEqual(ranked.slice(0, 10).map((x) => x[0]));
    // Fans: at least 2 positive mentions; critics: at least 1 negative; by count, then key.
    const tally = (label: SentimentLabel, min: number) => {
      const c = new Map<string, number>();
      for (const m of cur) if (m.sentiment.label === label) c.set(key(m), (c.get(key(m)) ?? 0) + 1);
      return [...c.entries()].filter((x) => x[1] >= min).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);
    };
    const rows = (xs: Array<{ key: string; mentions: number }>) => xs.map((a) => [a.key, a.mentions]);
    expect(rows(d.people.fans)).toEqual(tally('positive', 2));
    expect(rows(d.people.fans)).toContainEqual(['mastodon:fan', 3]);
    expect(rows(d.people.critics)).toEqual(tally('negative', 1));

    // Most engaging negative mention: highest likes + shares + replies among negatives.
    const negs = cur.filter((m) => m.sentiment.label === 'negative').map((m) => ({ id: m.id, e: m.engagement!.likes! + m.engagement!.shares! + m.engagement!.replies! }));
    const topE = Math.max(...negs.map((x) => x.e));
    expect(d.topMentions.negative[0].engagement).toBe(topE);
    expect(negs.filter((x) => x.e === topE).map((x) => x.id)).toContain(d.topMentions.negative[0].id);
    expect(d.topMentions.negative[0].url).toMatch(/^https:\/\/example\.com\/fx:/);

    // Emerging: #recall is new this week, #coffee is not.
    const recall = d.emerging.hashtags.find((h: { tag: string }) => h.tag === 'recall');
    expect(recall).toEqual({ tag: 'recall', current: 10, baselineWeekly: 0, growth: null, isNew: true });
    const coffee = d.emerging.hashtags.find((h: { tag: string }) => h.tag === 'coffee');
    const coffeeBase = fixtures.filter((m) => about(m, 'Acme') && !m.duplicateOf && inRange(m, BASELINE_START, WEEK_START)).length;
    expect(coffee).toMatchObject({ current: cur.length, baselineWeekly: coffeeBase / 4, isNew: false });

    // Alerts: the brand's episode of the week, grouped; other weeks and scopes left out.
    expect(d.alerts.episodes).toEqual([
      { episodeId: 'e1', rule: 'acme-spike', scope: 'entry:Acme', severity: 'critical', title: 'Spike: Acme', summary: null, openedAt: '2026-11-10T23:00:00Z', resolvedAt: '2026-11-11T04:00:00Z', events: 3, maxCount: 30 },
    ]);

    // Platforms and languages add up to the volume.
    expect(d.platforms.kinds.reduce((s: number, p: { mentions: { current: number } }) => s + p.mentions.current, 0)).toBe(cur.length);
    expect(d.languages).toEqual([{ key: 'fr', count: cur.length, share: 1 }]);
    expect(JSON.stringify(d)).not.toMatch(/NaN|Infinity/);
  });

  it('an empty week, a brand added mid-week and a prefix with no indices at all give reports that say so', async () => {
    const empty = await fetchReportData(client, { ...opts, week: parseIsoWeek('2026-W30', TZ) });
    expect(empty.volume).toMatchObject({ current: 0, previous: 0, change: null });
    expect(empty.notes.map((x) => x.code)).toEqual(expect.arrayContaining(['no_data', 'competitor_no_mentions']));
    expect(empty.peakDay).toBeNull();
    for (const locale of ['fr', 'en'] as const) {
      expect(renderHtml(empty, locale)).not.toMatch(/NaN|Infinity|undefined/);
      expect(renderMarkdown(empty, locale)).not.toMatch(/NaN|Infinity|undefined/);
    }

    const late = mention('fx:late', { publishedAt: '2026-11-11T15:00:00Z', matches: [{ name: 'Newco', role: 'brand' }] });
    await client.index({ index: monthlyIndex(prefix, late.publishedAt), id: late.id, document: toDocument(late), refresh: true });
    const mid = await fetchReportData(client, { ...opts, brand: 'Newco' });
    expect(mid.volume.current).toBe(1);
    expect(mid.notes).toContainEqual({ code: 'brand_started_mid_week', firstSeen: '2026-11-11T15:00:00.000Z' });
    expect(mid.notes).toContainEqual({ code: 'no_previous_data' });

    const nothing = await fetchReportData(client, { ...opts, prefix: `${prefix}-none` });
    expect(nothing.volume.current).toBe(0);
    expect(nothing.alerts).toEqual({ indexFound: false, episodes: [] });
    expect(nothing.notes).toContainEqual({ code: 'alerts_index_missing', index: `${prefix}-none-alerts` });
  });

  it('a scheduled run writes the report, delivers it to a folder and records the outcome', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'vigie-sched-it-'));
    const dest = join(outDir, 'shared');
    const s = startReportScheduler({
      config: {
        elasticsearch: { node: elasticsearchUrl(), indexPrefix: prefix },
        watch: [{ name: 'Acme', role: 'brand' }, { name: 'Globex', role: 'competitor' }],
        reports: { outDir, locale: 'fr', formats: ['md', 'json'], schedules: [{ brand: 'Acme', cron: '0 8 * * 1', deliver: [{ kind: 'folder', path: dest }] }] },
      },
      client,
      logger: silentLogger(),
    });
    const run = await s.runNow(0, Date.parse('2026-11-16T13:00:00Z'));
    await s.stop();
    expect(run.error).toBeUndefined();
    expect(run.week).toBe('2026-W46');
    expect(run.deliveries).toEqual([{ target: `folder:${dest}`, ok: true, attempts: 1 }]);
    expect(existsSync(join(dest, 'acme-2026-W46-fr.md'))).toBe(true);
    const record = JSON.parse(readFileSync(join(outDir, 'acme', '2026-W46', 'acme-2026-W46-fr.delivery.json'), 'utf8'));
    expect(record.deliveries[0].ok).toBe(true);
    const md = readFileSync(join(dest, 'acme-2026-W46-fr.md'), 'utf8');
    expect(md).toContain(`${cur.length}`);
  });
});
