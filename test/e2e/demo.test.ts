import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@elastic/elasticsearch';
import { afterAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../../core/bus-kafka.ts';
import { deleteByPrefix } from '../helpers/es-cleanup.ts';
import { elasticsearchUrl, kafkaBrokers, uniqueName } from '../helpers/services.ts';

const run = promisify(execFile);
const prefix = uniqueName('demo');
const root = join(import.meta.dirname, '..', '..');

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

const env = (port: number) => ({ ...process.env, KAFKA_BROKERS: kafkaBrokers().join(','), ELASTICSEARCH_URL: elasticsearchUrl(), VIGIE_DEMO_PREFIX: prefix, DEMO_PORT: String(port), VIGIE_LOG_LEVEL: 'warn' });

async function demo(port: number) {
  const { stdout, stderr } = await run('npx', ['tsx', 'cli/demo.ts'], { cwd: root, env: env(port), maxBuffer: 20e6, timeout: 400_000 });
  const lines = stdout.trim().split('\n');
  return { stdout, stderr, summary: JSON.parse(lines[lines.length - 1]!) as Record<string, unknown> };
}

interface ForumPost { id: number; username: string; created_at: string; post_number: number; reply_to_post_number: number | null; topic_id: number }

/** Each customer post the brand answered, its first answer and the delay, from the bundled listing. */
function expectedAnswers(): Array<{ id: string; seconds: number; publishedAt: string }> {
  const posts = (JSON.parse(readFileSync(join(root, 'demo', 'feeds', 'forum-cafeiste.json'), 'utf8')) as { latest_posts: ForumPost[] }).latest_posts;
  const out = new Map<string, { id: string; seconds: number; publishedAt: string }>();
  for (const r of posts.filter((p) => p.username === 'boreale_equipe' && p.reply_to_post_number)) {
    const parent = posts.find((p) => p.topic_id === r.topic_id && p.post_number === r.reply_to_post_number)!;
    const seconds = (Date.parse(r.created_at) - Date.parse(parent.created_at)) / 1000;
    const key = `${parent.topic_id}/${parent.post_number}`;
    if (!out.has(key) || out.get(key)!.seconds > seconds) out.set(key, { id: key, seconds, publishedAt: new Date(parent.created_at).toISOString() });
  }
  return [...out.values()];
}

/** What Elasticsearch holds: the brand's forum mentions needing a reply, and the answered ones. */
async function storedResponses(): Promise<{ needed: number; answered: Array<{ id: string; seconds: number; by: string }> }> {
  const es = new Client({ node: elasticsearchUrl() });
  try {
    const query = { bool: { filter: [{ term: { 'matches.name': 'Brûlerie Boréale' } }, { term: { 'reply.needed': true } }, { term: { 'source.kind': 'discourse' } }] } };
    const needed = (await es.count({ index: `${prefix}-mentions`, query })).count;
    const res = await es.search<{ id: string; response: { seconds: number; by: string } }>({ index: `${prefix}-mentions`, size: 100, query: { bool: { ...query.bool, filter: [...query.bool.filter, { exists: { field: 'response.answeredAt' } }] } } });
    // Ids are discourse:<host>:<topic>/<post number>.
    return { needed, answered: res.hits.hits.map((h) => ({ id: h._source!.id.split(':').pop()!, seconds: h._source!.response.seconds, by: h._source!.response.by })) };
  } finally {
    await es.close();
  }
}

describe('npm run demo pages on the demo week crisis', () => {
  afterAll(async () => {
    const bus = new KafkaBus({ brokers: kafkaBrokers(), clientId: 'demo-test-cleanup' });
    const topics = ['mentions.raw', 'mentions.enriched', 'mentions.dlq', 'alerts', 'alerts.state', 'alerts.dlq', 'cursors'].map((t) => `${prefix}.${t}`);
    await bus.deleteTopics(topics).catch(() => undefined);
    await bus.close();
    await deleteByPrefix(new Client({ node: elasticsearchUrl() }), prefix);
  });

  it('delivers each page once with a valid signature, prints the response figures the pipeline stored, keeps state on a second run, and the report lists the alert and the responses', async () => {
    const port = await freePort();
    const first = await demo(port);
    expect(first.summary).toEqual({ demo: 'ok', indexed: 400, uniqueItems: 400, duplicates: 0, pages: expect.any(Number), responses: expect.any(Object) });
    const pages = first.stdout.split('\n').filter((l) => l.startsWith('=== PAGE received'));
    // The receiver prints only requests whose X-Vigie-Signature it verified (401 otherwise).
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.every((l) => l.includes('(signature verified)'))).toBe(true);
    expect(first.summary.pages).toBe(pages.length);
    expect(first.stdout).not.toMatch(/bad signature refused/);
    // The page is about the brand, in the crisis (Nov 12 after 17:40 Montréal), with evidence and a Kibana link.
    expect(first.stdout).toMatch(/Brûlerie Boréale/);
    expect(first.stdout).toMatch(/at 2026-11-1[23]T/);
    expect(first.stdout).toMatch(/Kibana: http:\/\/127\.0\.0\.1:5601\/app\/discover/);
    expect(first.stdout).toMatch(/count \d+ vs baseline/);
    // Calm days do not page: every page opens within the crisis.
    const opened = [...first.stdout.matchAll(/=== PAGE received [^\n]*\n(?:[^\n]*\n)?[^\n]*· at (\S+)/g)];
    expect(opened.length).toBe(pages.length);
    // Each delivery arrives once (the receiver counts a repeated X-Vigie-Delivery id).
    expect(first.stdout).not.toMatch(/repeated deliver/);
    for (const m of opened) {
      const t = Date.parse(m[1]!);
      expect(t).toBeGreaterThanOrEqual(Date.parse('2026-11-12T22:40:00Z'));
      expect(t).toBeLessThan(Date.parse('2026-11-15T05:00:00Z'));
    }

    // Response figures: printed from what the pipeline stored, and equal to what the forum's
    // owned replies give when computed here from the bundled listing and from Elasticsearch.
    const expected = expectedAnswers();
    const stored = await storedResponses();
    expect(stored.answered.map((a) => [a.id, a.seconds, a.by]).sort()).toEqual(expected.map((a) => [a.id, a.seconds, 'boreale_equipe']).sort());
    const r = first.summary.responses as { needed: number; answered: number; waiting: number; rate: number; medianSeconds: number; p90Seconds: number };
    expect(r.answered).toBe(expected.length);
    expect(r.needed).toBe(stored.needed);
    expect(r.waiting).toBe(stored.needed - expected.length);
    expect(r.rate).toBeCloseTo(expected.length / stored.needed, 10);
    const secs = expected.map((a) => a.seconds).sort((a, b) => a - b);
    const mid = secs.length % 2 ? secs[(secs.length - 1) / 2]! : (secs[secs.length / 2 - 1]! + secs[secs.length / 2]!) / 2;
    expect(r.medianSeconds).toBe(mid);
    const line = first.stdout.split('\n').find((l) => l.includes('response rate'))!;
    expect(line).toContain(`needed a reply ${stored.needed}, answered ${expected.length}: response rate ${Math.round((100 * expected.length) / stored.needed)}%, median response time ${Math.round(mid / 60)} min`);
    expect(first.stdout).toMatch(new RegExp(`still waiting ${stored.needed - expected.length}, of which critics \\d+; the longest-waiting: \\S+ on discourse`));

    const second = await demo(port);
    expect(second.summary).toEqual({ demo: 'ok', indexed: 400, uniqueItems: 400, duplicates: 0, pages: 0, responses: first.summary.responses });
    expect(second.stdout).not.toMatch(/=== (PAGE|FOLLOW-UP) received/);
    expect(second.stdout).toMatch(/published by this run: 0/);

    const out = mkdtempSync(join(tmpdir(), 'vigie-demo-report-'));
    await run('npx', ['tsx', 'cli/main.ts', 'report', '--config', 'demo/config.yaml', '--brand', 'Brûlerie Boréale', '--week', '2026-W46', '--format', 'json', '--out', out], { cwd: root, env: env(port), timeout: 120_000 });
    const file = (await import('node:fs')).readdirSync(out).find((f) => f.endsWith('.json'))!;
    const report = JSON.parse(readFileSync(join(out, file), 'utf8')) as { alerts: { indexFound: boolean; episodes: Array<{ rule: string }> }; responses: { ownedPlatforms: string[]; current: { answered: number; medianSeconds: number }; previous: { answered: number }; critics: Array<{ platform: string; url: string }> } };
    // The report's response section: the week's owned answers (Montréal week 2026-W46).
    const inWeek = (from: string, to: string) => expected.filter((a) => a.publishedAt >= from && a.publishedAt < to);
    expect(report.responses.ownedPlatforms).toEqual(['discourse']);
    expect(report.responses.current.answered).toBe(inWeek('2026-11-09T05:00:00Z', '2026-11-16T05:00:00Z').length);
    expect(report.responses.previous.answered).toBe(inWeek('2026-11-02T05:00:00Z', '2026-11-09T05:00:00Z').length);
    expect(report.responses.critics.length).toBeGreaterThan(0);
    expect(report.responses.critics.every((c) => c.platform === 'discourse' && /\/forum\/t\//.test(c.url))).toBe(true);
    expect(report.alerts.indexFound).toBe(true);
    // One incident opens once and pages again only when its severity rises: the report lists the
    // incidents, one per opening page.
    const openings = (first.stdout.match(/event opened/g) ?? []).length;
    expect(openings).toBeGreaterThanOrEqual(1);
    expect(report.alerts.episodes.length).toBe(openings);
  }, 900_000);
});
