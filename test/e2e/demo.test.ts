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

describe('npm run demo pages on the demo week crisis', () => {
  afterAll(async () => {
    const bus = new KafkaBus({ brokers: kafkaBrokers(), clientId: 'demo-test-cleanup' });
    const topics = ['mentions.raw', 'mentions.enriched', 'mentions.dlq', 'alerts', 'alerts.state', 'alerts.dlq', 'cursors'].map((t) => `${prefix}.${t}`);
    await bus.deleteTopics(topics).catch(() => undefined);
    await bus.close();
    await deleteByPrefix(new Client({ node: elasticsearchUrl() }), prefix);
  });

  it('delivers each page once with a valid signature, keeps state on a second run, and the report lists the alert', async () => {
    const port = await freePort();
    const first = await demo(port);
    expect(first.summary).toEqual({ demo: 'ok', indexed: 366, uniqueItems: 366, duplicates: 0, pages: expect.any(Number) });
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

    const second = await demo(port);
    expect(second.summary).toEqual({ demo: 'ok', indexed: 366, uniqueItems: 366, duplicates: 0, pages: 0 });
    expect(second.stdout).not.toMatch(/=== (PAGE|FOLLOW-UP) received/);
    expect(second.stdout).toMatch(/published by this run: 0/);

    const out = mkdtempSync(join(tmpdir(), 'vigie-demo-report-'));
    await run('npx', ['tsx', 'cli/main.ts', 'report', '--config', 'demo/config.yaml', '--brand', 'Brûlerie Boréale', '--week', '2026-W46', '--format', 'json', '--out', out], { cwd: root, env: env(port), timeout: 120_000 });
    const file = (await import('node:fs')).readdirSync(out).find((f) => f.endsWith('.json'))!;
    const report = JSON.parse(readFileSync(join(out, file), 'utf8')) as { alerts: { indexFound: boolean; episodes: Array<{ rule: string }> } };
    expect(report.alerts.indexFound).toBe(true);
    // One incident opens once and pages again only when its severity rises: the report lists the
    // incidents, one per opening page.
    const openings = (first.stdout.match(/event opened/g) ?? []).length;
    expect(openings).toBeGreaterThanOrEqual(1);
    expect(report.alerts.episodes.length).toBe(openings);
  }, 900_000);
});
