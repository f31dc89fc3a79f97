/**
 * `vigie alerts replay --since 30d` against the real Elasticsearch: the fixture crisis, moved to
 * last week and indexed like the indexer does, read back through the config's cluster, gives the
 * same incidents and summary as replaying the same mentions from a file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { command } from '../../cli/commands/alerts.ts';
import { parseEnrichedMention, type EnrichedMention } from '../../core/mention.ts';
import { documentJson } from '../../index/elasticsearch/document.ts';
import { monthlyIndex } from '../../index/elasticsearch/names.ts';
import { setupIndices } from '../../index/elasticsearch/setup.ts';
import { deleteByPrefix } from '../helpers/es-cleanup.ts';
import { elasticsearchUrl } from '../helpers/services.ts';
import { testClient, testPrefix } from './index-helpers.ts';
import { outputCapture } from '../helpers/capture.ts';

const WEEK = 7 * 86_400_000;
const client = testClient();
const prefix = testPrefix();
const dir = mkdtempSync(join(tmpdir(), 'vigie-replay-es-'));
let moved: EnrichedMention[] = [];

const capture = outputCapture();

beforeAll(async () => {
  const fixture = readFileSync('test/fixtures/alerts/mentions.ndjson', 'utf8').trim().split('\n').map((l) => parseEnrichedMention(JSON.parse(l)));
  // Whole weeks keep the weekday and the hour: the crisis lands in the last seven days.
  const end = Math.max(...fixture.map((m) => Date.parse(m.publishedAt)));
  const shift = Math.floor((Date.now() - end) / WEEK) * WEEK;
  const move = (iso: string | undefined) => (iso === undefined ? undefined : new Date(Date.parse(iso) + shift).toISOString());
  moved = fixture.map((m) => ({ ...m, publishedAt: move(m.publishedAt)!, enrichedAt: move(m.enrichedAt)!, ...(m.fetchedAt ? { fetchedAt: move(m.fetchedAt) } : {}) }));
  await setupIndices(client, { prefix });
  const ops: string[] = [];
  for (const m of moved) ops.push(JSON.stringify({ index: { _index: monthlyIndex(prefix, m.publishedAt), _id: m.id } }), documentJson(m, new Date()));
  // A document that is no longer a valid mention (no sentiment, no language): skipped with its id.
  const badAt = moved[10]!.publishedAt;
  ops.push(JSON.stringify({ index: { _index: monthlyIndex(prefix, badAt), _id: 'broken' } }), JSON.stringify({ '@timestamp': badAt, id: 'broken', publishedAt: badAt, text: 'orphan' }));
  const res = await client.bulk({ refresh: 'wait_for', operations: ops.map((o) => JSON.parse(o)) });
  expect(res.errors).toBe(false);
  writeFileSync(join(dir, 'moved.ndjson'), moved.map((m) => JSON.stringify(m)).join('\n'));
  const example = readFileSync('config/examples/alerts-classic.yaml', 'utf8');
  writeFileSync(join(dir, 'vigie.yaml'), `${example}\nelasticsearch:\n  node: "\${REPLAY_TEST_ES}"\n  indexPrefix: ${prefix}\n`);
  process.env.REPLAY_TEST_ES = elasticsearchUrl();
});

afterAll(async () => {
  await deleteByPrefix(client, prefix);
  await client.close();
});

/** The summary's figures without its first line (the period differs: 30 days asked vs the mentions' span). */
function figures(summary: string): string {
  const lines = summary.trim().split('\n');
  return lines.filter((l) => !l.startsWith('Backtest:') && !l.startsWith('Pages:')).join('\n');
}

describe('vigie alerts replay --since on real Elasticsearch', () => {
  it('reads the last 30 days from the config cluster and sums them up like a file replay of the same mentions', async () => {
    const now = new Date().toISOString();
    const es = capture();
    expect(await command.run(['replay', '--config', join(dir, 'vigie.yaml'), '--since', '30d', '--until', now])).toBe(0);
    const esErr = es.err.join('');
    vi.restoreAllMocks();
    expect(esErr).toContain(`replayed 971 mentions from ${prefix}-mentions at ${elasticsearchUrl()} (1 invalid documents skipped)`);
    expect(esErr).toContain(`${prefix}-mentions: skipped broken:`);
    const esEvents = es.out.join('').trim().split('\n').map((l) => JSON.parse(l));
    expect(esEvents.filter((e) => e.type === 'opened' && e.scope === 'entry:Acme').length).toBe(1);

    const file = capture();
    expect(await command.run(['replay', '--config', join(dir, 'vigie.yaml'), '--input', join(dir, 'moved.ndjson'), '--until', now])).toBe(0);
    const fileErr = file.err.join('');
    vi.restoreAllMocks();
    expect(file.out.join('')).toBe(es.out.join(''));
    const summary = (s: string) => s.slice(s.indexOf('\nBacktest:') + 1);
    expect(figures(summary(esErr))).toBe(figures(summary(fileErr)));
    // 30 days asked: the pages are counted over 30 days (about 4.3 weeks).
    const pages = Number(/Pages: (\d+)/.exec(esErr)![1]);
    const perWeek = Number(/· ([\d.]+) per week/.exec(esErr)![1]);
    expect(perWeek).toBeCloseTo(pages / (30 / 7), 1);
    expect(esErr).toMatch(/Incidents: \d+ \(paged: \d+/);
    expect(esErr).toMatch(/First mention → first page: median 1 min/);
  });

  it('an unreachable cluster is a clear error, not an empty backtest', async () => {
    const cfg = join(dir, 'down.yaml');
    writeFileSync(cfg, readFileSync(join(dir, 'vigie.yaml'), 'utf8').replace('"${REPLAY_TEST_ES}"', 'http://127.0.0.1:9'));
    capture();
    await expect(command.run(['replay', '--config', cfg, '--since', '30d'])).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_INDEX_/) });
  });
});
