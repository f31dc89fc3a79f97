import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
function vigie(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'cli', 'bin.js'), ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, VIGIE_LOG_LEVEL: 'warn', ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const dir = mkdtempSync(join(tmpdir(), 'vigie-cli-'));

describe('vigie CLI as a child process', () => {
  it('--help lists the subcommands', () => {
    const r = vigie(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['run', 'ingest', 'enrich', 'index', 'check-config', 'stack', 'sources']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
  });

  it('check-config reports a missing secret once, by its variable name', () => {
    const r = vigie(['check-config', join(ROOT, 'config/examples/alerts.yaml')], undefined, { SLACK_WEBHOOK_URL: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('alerts.channels[1].url: environment variable SLACK_WEBHOOK_URL is not set');
    expect(r.stderr).not.toContain('alerts.channels[1].url: must be');
  });

  it('check-config names every problem (unknown key, bad URL) and exits 2', () => {
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, 'sources:\n  - name: vendor-blog\n    kind: rss\n    url: feed.xml\n    colour: blue\nwatch: []\n');
    const r = vigie(['check-config', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sources[0] (vendor-blog).url: must be an absolute http(s) URL, got "feed.xml"');
    expect(r.stderr).toContain('sources[0] (vendor-blog).colour: unknown key "colour"');
  });

  it('check-config accepts the example configs', () => {
    const examples = readdirSync(join(ROOT, 'config', 'examples')).filter((f) => f.endsWith('.yaml'));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const f of examples.map((e) => `config/examples/${e}`)) {
      // The secrets the examples reference, as an operator would export them.
      const r = vigie(['check-config', join(ROOT, f)], undefined, {
        VIGIE_WEBHOOK_SECRET: 'a-webhook-secret-of-32-characters!', SLACK_WEBHOOK_URL: 'https://hooks.slack.example/T0/B0/x',
        TEAMS_WEBHOOK_URL: 'https://teams.example/webhook', PAGERDUTY_ROUTING_KEY: '0123456789abcdef0123456789abcdef',
        KAFKA_BROKERS: 'kafka-1:9092', ELASTICSEARCH_URL: 'http://elasticsearch:9200',
        BLUESKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop', MASTODON_TOKEN: 'token', REDDIT_CLIENT_ID: 'client-id', REDDIT_CLIENT_SECRET: 'secret',
        X_BEARER_TOKEN: 'bearer', YOUTUBE_API_KEY: 'AIza-key',
      });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  });

  it('enrich --input prints one enriched line per input line, stdout pure NDJSON', () => {
    const f = join(dir, 'in.ndjson');
    const lines = [
      { id: 'rss:1', source: { kind: 'rss' }, publishedAt: '2026-11-18T10:00:00Z', text: "C'est vraiment excellent, j'adore ce café !" },
      { id: 'rss:2', source: { kind: 'rss' }, publishedAt: '2026-11-18T10:00:00Z', text: 'Terrible service, I am very disappointed.' },
      { id: 'rss:3', source: { kind: 'rss' }, publishedAt: '2026-11-18T10:00:00Z', text: 'https://t.co/x @someone' },
    ];
    writeFileSync(f, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const r = vigie(['enrich', '--input', f, '--languages', 'fr,en']);
    expect(r.code).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(3);
    expect(out.map((o) => o.lang.code)).toEqual(['fr', 'en', 'und']);
    for (const o of out) {
      expect(o.sentiment.score).toBeGreaterThanOrEqual(-1);
      expect(o.sentiment.score).toBeLessThanOrEqual(1);
      expect(['negative', 'neutral', 'positive']).toContain(o.sentiment.label);
    }
    expect(out[0].sentiment.label).toBe('positive');
    expect(out[1].sentiment.label).toBe('negative');
  });

  it('enrich --input reports a bad line on stderr with its number and exits 1, keeping the good ones', () => {
    const r = vigie(['enrich', '--input', '-', '--languages', 'fr,en'], '{"id":"a","source":{"kind":"rss"},"publishedAt":"2026-11-18T10:00:00Z","text":"bonjour tout le monde"}\n{oops\n');
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('"line":2');
    expect(r.stderr).toContain('ERR_JSON_PARSE');
  });
});
