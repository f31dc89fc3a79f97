import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrichedMention } from '../../core/mention.ts';
import { toDocument } from '../../index/elasticsearch/document.ts';
import { monthlyIndex } from '../../index/elasticsearch/names.ts';
import { setupIndices } from '../../index/elasticsearch/setup.ts';
import { reportSubjects } from '../../reports/context.ts';
import { fetchReportData } from '../../reports/queries.ts';
import { renderMarkdown } from '../../reports/render/markdown.ts';
import { parseIsoWeek } from '../../reports/week.ts';
import { deleteByPrefix } from '../helpers/es-cleanup.ts';
import { mention, testClient, testPrefix } from './index-helpers.ts';

/**
 * Share of voice by organisation against real Elasticsearch: a brand and its product line, a
 * competitor and its lab, are one row each; a mention naming two entries of one organisation
 * counts once for it. Expected figures are counted here from the fixture arrays.
 */

const client = testClient();
const prefix = testPrefix();
const WEEK_START = Date.parse('2026-11-09T05:00:00Z'); // 2026-W46, Montréal
const PREV_START = Date.parse('2026-11-02T05:00:00Z');
const watch = [
  { name: 'Acme', role: 'brand' },
  { name: 'Acme Phone', role: 'brand', organisation: 'Acme' },
  { name: 'Globex', role: 'competitor', organisation: 'Globex Group' },
  { name: 'Initech', role: 'competitor' },
  { name: 'Globex Labs', role: 'competitor', organisation: 'Globex group' },
  { name: 'Umbrella', role: 'competitor', organisation: 'Umbrella Corp' },
  { name: 'Coffee', role: 'industry' },
];
const roleOf = (name: string) => watch.find((w) => w.name === name)!.role as 'brand' | 'competitor' | 'industry';

let n = 0;
const fixtures: EnrichedMention[] = [];
function add(count: number, names: string[], at: number, over: Partial<EnrichedMention> = {}): void {
  for (let i = 0; i < count; i++) {
    const id = `org:${++n}`;
    const label = n % 3 === 0 ? 'negative' : n % 3 === 1 ? 'positive' : 'neutral';
    fixtures.push(
      mention(id, {
        publishedAt: new Date(at + n * 60_000).toISOString(),
        text: `About ${names.join(' and ')} ${id}`,
        matches: names.map((name) => ({ name, role: roleOf(name) })),
        sentiment: { score: label === 'positive' ? 0.5 : label === 'negative' ? -0.5 : 0, label, method: 'fixture' },
        ...over,
      }),
    );
  }
}
add(5, ['Acme'], WEEK_START);
add(3, ['Acme', 'Acme Phone'], WEEK_START + 86_400_000);
add(2, ['Acme Phone'], WEEK_START + 2 * 86_400_000);
add(1, ['Acme', 'Globex'], WEEK_START + 3 * 86_400_000); // two organisations: counts for each
add(1, ['Acme Phone', 'Coffee'], WEEK_START + 3 * 86_400_000); // an industry topic counts for nobody
add(4, ['Globex'], WEEK_START + 4 * 86_400_000);
add(2, ['Globex', 'Globex Labs'], WEEK_START + 4 * 86_400_000);
add(1, ['Globex Labs'], WEEK_START + 5 * 86_400_000);
add(3, ['Initech'], WEEK_START + 5 * 86_400_000);
add(2, ['Acme', 'Acme Phone'], WEEK_START + 5 * 86_400_000, { duplicateOf: 'org:6' }); // near-duplicates: not counted
add(2, ['Acme Phone'], PREV_START + 86_400_000);
add(2, ['Globex', 'Globex Labs'], PREV_START + 86_400_000);

const inWeek = (m: EnrichedMention, from: number) => !m.duplicateOf && Date.parse(m.publishedAt) >= from && Date.parse(m.publishedAt) < from + 7 * 86_400_000;
/** Mentions of any of `names` in the week starting at `from`, each mention once. */
const count = (names: string[], from = WEEK_START) => fixtures.filter((m) => inWeek(m, from) && m.matches.some((x) => names.includes(x.name))).length;

beforeAll(async () => {
  await setupIndices(client, { prefix, now: WEEK_START });
  const ops = fixtures.flatMap((m) => [{ index: { _index: monthlyIndex(prefix, m.publishedAt), _id: m.id } }, toDocument(m)]);
  const r = await client.bulk({ operations: ops, refresh: true });
  expect(r.errors).toBe(false);
  const alert = (scope: string, id: string) => ({ '@timestamp': '2026-11-11T10:00:00Z', alertId: `${id}:0`, rule: 'spike', scope, episodeId: id, state: 'opened', severity: 'warning', eventTime: '2026-11-11T10:00:00Z' });
  const alerts = [alert('entry:Acme Phone', 'p1'), alert('entry:Someone Else', 's1')];
  await client.bulk({ operations: alerts.flatMap((a) => [{ index: { _index: `${prefix}-alerts`, _id: a.alertId } }, a]), refresh: true });
});

afterAll(async () => {
  await deleteByPrefix(client, prefix);
  await client.close();
});

describe('share of voice by organisation, real Elasticsearch', () => {
  const week = parseIsoWeek('2026-W46', 'America/Montreal');
  const now = Date.parse('2026-11-17T12:00:00Z');

  it('counts a mention once per organisation and lists each entry under its organisation', async () => {
    const subjects = reportSubjects({ elasticsearch: {} as never, watch }, 'Acme');
    const d = await fetchReportData(client, { prefix, ...subjects, week, now });
    const rows = d.shareOfVoice.entities;
    expect(rows.map((e) => [e.name, e.role])).toEqual([['Acme', 'brand'], ['Globex Group', 'competitor'], ['Initech', 'competitor'], ['Umbrella Corp', 'competitor']]);

    const acme = count(['Acme', 'Acme Phone']);
    const globex = count(['Globex', 'Globex Labs']);
    expect([acme, globex]).toEqual([12, 8]); // the fixtures are what this test means them to be
    expect(rows.map((e) => e.mentions.current)).toEqual([acme, globex, count(['Initech']), 0]);
    expect(rows.map((e) => e.mentions.previous)).toEqual([count(['Acme', 'Acme Phone'], PREV_START), count(['Globex', 'Globex Labs'], PREV_START), 0, 0]);
    // Less than the sum of its entries: the 3 mentions naming Acme and Acme Phone count once.
    expect(rows[0]!.entries.map((x) => [x.name, x.mentions.current])).toEqual([['Acme', count(['Acme'])], ['Acme Phone', count(['Acme Phone'])]]);
    expect(rows[1]!.entries.map((x) => [x.name, x.mentions.current])).toEqual([['Globex', count(['Globex'])], ['Globex Labs', count(['Globex Labs'])]]);
    expect(rows[2]!.entries.map((x) => x.name)).toEqual(['Initech']);

    const total = acme + globex + count(['Initech']);
    expect(d.shareOfVoice.total.current).toBe(total);
    expect(rows[0]!.share).toBeCloseTo(acme / total, 10);
    const acmeMentions = fixtures.filter((m) => inWeek(m, WEEK_START) && m.matches.some((x) => x.name === 'Acme' || x.name === 'Acme Phone'));
    expect(rows[0]!.sentiment.negative).toBe(acmeMentions.filter((m) => m.sentiment.label === 'negative').length);
    // First seen: the organisation's first mention ever (its product line, last week); the
    // mid-week note still reads the brand entry, first named this week.
    const first = (names: string[]) => fixtures.filter((m) => !m.duplicateOf && m.matches.some((x) => names.includes(x.name))).map((m) => m.publishedAt).sort()[0];
    expect(rows[0]!.firstSeen).toBe(first(['Acme', 'Acme Phone']));
    expect(rows[0]!.firstSeen! < new Date(WEEK_START).toISOString()).toBe(true);
    expect(d.notes).toContainEqual({ code: 'brand_started_mid_week', firstSeen: first(['Acme']) });

    // The notes name the organisation; the rest of the report is still about the brand entry.
    expect(d.notes).toContainEqual({ code: 'competitor_no_mentions', name: 'Umbrella Corp' });
    expect(d.volume.current).toBe(count(['Acme']));
    // An alert on a product line of the brand's organisation is the brand's; another entry's is not.
    expect(d.alerts.episodes.map((e) => e.scope)).toEqual(['entry:Acme Phone']);

    const md = renderMarkdown(d, 'fr');
    expect(md).toContain(`| ↳ Acme Phone | ${count(['Acme Phone'])} |`);
    expect(md).toContain('| Globex Group |');
  });

  it('without organisations every entry is its own row, counted as before', async () => {
    const d = await fetchReportData(client, { prefix, brand: 'Acme', competitors: ['Globex', 'Globex Labs', 'Initech'], week, now });
    expect(d.shareOfVoice.entities.map((e) => [e.name, e.mentions.current])).toEqual([
      ['Acme', count(['Acme'])],
      ['Globex', count(['Globex'])],
      ['Globex Labs', count(['Globex Labs'])],
      ['Initech', count(['Initech'])],
    ]);
    expect(renderMarkdown(d, 'en')).not.toContain('↳');
  });
});
