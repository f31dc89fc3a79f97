import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command, loadAlertsConfig } from './alerts.ts';
import { outputCapture } from '../../test/helpers/capture.ts';

const CONFIG = 'config/examples/alerts-classic.yaml';
const INPUT = 'test/fixtures/alerts/mentions.ndjson';

const capture = outputCapture();

describe('vigie alerts replay', () => {
  it('backtests the example config on the fixture: one JSON line per event, one incident for the brand, a summary at the end', async () => {
    const { out, err } = capture();
    expect(await command.run(['replay', '--config', CONFIG, '--input', INPUT])).toBe(0);
    const lines = out.join('').trim().split('\n').map((l) => JSON.parse(l));
    for (const l of lines) expect(Object.keys(l)).toEqual(['incidentId', 'rule', 'kind', 'scope', 'episodeId', 'type', 'severity', 'eventTime', 'openedAt', 'value', 'rules', 'evidence']);
    // Per rule, four rules open four episodes (10 pages on Acme). In one incident: one opening, one
    // escalation when it turns critical, the rest quiet updates. The fixture holds a few hours:
    // the volume_surge rules are still learning (learnFor 1d) and stay silent.
    expect(lines.map((l) => l.type)).toEqual(['opened', 'updated', 'escalated', 'updated', 'updated']);
    expect(new Set(lines.map((l) => l.incidentId)).size).toBe(1);
    expect(lines.every((l) => l.scope === 'entry:Acme' && l.episodeId === l.incidentId)).toBe(true);
    expect([...lines.at(-1).rules].sort()).toEqual(['acme-crisis-words', 'acme-new-hashtag', 'acme-vip', 'brand-mood']);
    // The burst starts at 16:00Z: the incident pages within 5 minutes.
    expect(Date.parse(lines[0].eventTime) - Date.parse('2026-01-05T16:00:00Z')).toBeLessThanOrEqual(5 * 60_000);
    const e = err.join('');
    expect(e).toMatch(/replayed 971 mentions \(0 invalid lines skipped\), 7 rules, 5 alert events/);
    expect(e).toContain('Incidents: 1 (paged: 1, never paged');
    expect(e).toContain('Pages: 2 (1 openings + 1 escalations)');
    expect(e).toMatch(/First mention → first page: median 1 min, worst 1 min/);
    expect(e).toMatch(/Jan 5, 2026, 11:01 a\.m\. EST\s+Acme\s+critical\s+2\s+3\s+1 min\s+still open/);
  });

  it('grouping: rule gives the per-rule episodes of before; --summary-only prints the summary alone, in French', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-alerts-'));
    const cfg = join(dir, 'a.yaml');
    writeFileSync(cfg, readFileSync(CONFIG, 'utf8').replace('grouping: scope', 'grouping: rule'));
    const { out } = capture();
    expect(await command.run(['replay', '--config', cfg, '--input', INPUT, '--summary-only', '--lang', 'fr', '--until', '2026-01-05T20:00:00Z'])).toBe(0);
    const text = out.join('');
    expect(text).not.toContain('{');
    expect(text).toMatch(/Incidents: \d+ \(avec alerte: \d+/);
    const incidents = Number(/Incidents: (\d+)/.exec(text)![1]);
    // Four rules, four incidents for Acme. The watched sources fall silent after the fixture's
    // last mention, but three hours is no pace to judge a silence by (flatline learns for a day).
    expect(incidents).toBe(4);
    expect(text).toContain('Alertes: 10 (4 ouvertures + 6 aggravations)');
    expect(text).toMatch(/Alertes: \d+ \(\d+ ouvertures \+ \d+ aggravations\) · [\d.]+ par jour · [\d.]+ par semaine/);
    expect(text).not.toContain('source:news-fr');
  });

  it('gives, line for line and byte for byte, the recorded output of the example config on the fixture', async () => {
    // A change of any rule, of incident handling or of the evidence shows here first. When it is
    // meant, record the new output: npx tsx cli/main.ts alerts replay --config config/examples/alerts-classic.yaml
    //   --input test/fixtures/alerts/mentions.ndjson > test/fixtures/alerts/replay.golden.ndjson
    const { out } = capture();
    expect(await command.run(['replay', '--config', CONFIG, '--input', INPUT])).toBe(0);
    expect(out.join('')).toBe(readFileSync('test/fixtures/alerts/replay.golden.ndjson', 'utf8'));
  });

  it('reports bad input lines with their number and keeps going', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-alerts-'));
    const input = join(dir, 'm.ndjson');
    writeFileSync(input, 'not json\n{"id":"x"}\n\n');
    const { out, err } = capture();
    expect(await command.run(['replay', '--config', CONFIG, '--input', input])).toBe(0);
    expect(out.join('')).toBe('');
    expect(err.join('')).toContain(`${input}:1: ERR_SCHEMA_INVALID`);
    expect(err.join('')).toContain(`${input}:2: ERR_SCHEMA_INVALID`);
  });

  it('rejects a bad config with every problem and its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-alerts-'));
    const cfg = join(dir, 'a.yaml');
    writeFileSync(cfg, 'watch: [{name: Acme, role: brand, query: acme}]\nalerts:\n  timeZone: Mars/Olympus\n  rules:\n    - {kind: volume_spike, name: a, window: 7m, bucket: 2m, scope: {names: [Acme]}}\n    - {kind: nope, name: b}\n    - {kind: keywords, name: a, terms: [x], scope: {names: [Nobody]}, extra: 1}\n');
    await expect(loadAlertsConfig(cfg, { channels: false })).rejects.toThrow(/alerts\.timeZone: must be an IANA time zone[\s\S]*alerts\.rules\[0\]\.window: window must be a whole number of buckets[\s\S]*alerts\.rules\[1\]/);
    await expect(loadAlertsConfig(cfg, { channels: false })).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
  });

  it('needs its flags (exit 2) and lists kinds', async () => {
    const { out } = capture();
    expect(await command.run(['replay', '--config', CONFIG])).toBe(2);
    expect(await command.run(['replay', '--config', CONFIG, '--input', INPUT, '--since', '30d'])).toBe(2);
    await expect(command.run(['replay', '--config', CONFIG, '--since', 'a month'])).rejects.toMatchObject({ code: 'ERR_USAGE' });
    await expect(command.run(['replay', '--config', CONFIG, '--input', INPUT, '--lang', 'de'])).rejects.toMatchObject({ code: 'ERR_USAGE' });
    expect(await command.run(['--list'])).toBe(0);
    expect(out.join('')).toContain('volume_spike');
    expect(out.join('')).toContain('pagerduty');
  });
});

describe('vigie alerts replay of an unanswered rule', () => {
  it('pages only where the brand has an owned account, as the desk and the stages count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-replay-owned-'));
    const config = join(dir, 'vigie.yaml');
    writeFileSync(config, [
      'watch:',
      '  - name: Acme',
      '    role: brand',
      '    query: acme',
      '    owned: { x: ["1234567890"] }',
      'alerts:',
      '  rules:',
      '    - kind: unanswered',
      '      name: acme-waiting',
      '      scope: { names: [Acme] }',
      '      after: 15m',
      '      minPriority: 0',
    ].join('\n'));
    expect((await loadAlertsConfig(config, { channels: false })).tracked).toEqual(new Map([['Acme', new Set(['x'])]]));
    // Two complaints needing a reply, one on X (owned account), one in a news feed (none).
    const critic = (id: string, kind: string) => ({
      schemaVersion: 1, id, source: { kind, name: kind }, url: `https://example.org/${id}`, publishedAt: '2026-01-05T15:00:00.000Z', text: 'Acme, still no refund', author: { handle: `a-${id}` },
      lang: { code: 'en', confidence: 0.9 }, sentiment: { score: -0.8, label: 'negative', method: 'test' }, matches: [{ name: 'Acme', role: 'brand' }],
      influence: { score: 60, reach: 5000 }, reply: { needed: true, reasons: ['complaint'] }, enrichedAt: '2026-01-05T15:00:00.000Z',
    });
    // A later mention moves event time past the wait.
    const later = { ...critic('x:later', 'x'), publishedAt: '2026-01-05T16:00:00.000Z', reply: { needed: false, reasons: [] } };
    const input = join(dir, 'mentions.ndjson');
    writeFileSync(input, [critic('x:1', 'x'), critic('rss:1', 'rss'), later].map((m) => JSON.stringify(m)).join('\n'));
    const { out } = capture();
    expect(await command.run(['replay', '--config', config, '--input', input])).toBe(0);
    const lines = out.join('').trim().split('\n').map((l) => JSON.parse(l));
    // One waiting, the X one: the news-feed complaint never waits (no answer could be seen there).
    expect(lines.map((l) => [l.type, l.value, l.evidence.metrics.waiting])).toEqual([['opened', 1, 1]]);
  });
});
