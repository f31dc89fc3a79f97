import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command, loadAlertsConfig } from './alerts.ts';

const CONFIG = 'config/examples/alerts.yaml';
const INPUT = 'test/fixtures/alerts/mentions.ndjson';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  return { out, err };
}
afterEach(() => vi.restoreAllMocks());

describe('vigie alerts replay', () => {
  it('backtests the example config on the fixture: one JSON line per event, one opening per episode', async () => {
    const { out, err } = capture();
    expect(await command.run(['replay', '--config', CONFIG, '--input', INPUT])).toBe(0);
    const lines = out.join('').trim().split('\n').map((l) => JSON.parse(l));
    const opened = lines.filter((l) => l.type === 'opened');
    // The fixture holds a few hours: the volume_surge rules are still learning (learnFor 1d) and stay silent.
    expect(opened.map((l) => l.rule).sort()).toEqual(['acme-crisis-words', 'acme-new-hashtag', 'acme-vip', 'brand-mood']);
    for (const l of lines) expect(Object.keys(l)).toEqual(['rule', 'kind', 'scope', 'episodeId', 'type', 'severity', 'eventTime', 'openedAt', 'value', 'evidence']);
    const words = lines.filter((l) => l.rule === 'acme-crisis-words');
    expect(words[0].type).toBe('opened');
    expect(new Set(words.map((l) => l.episodeId)).size).toBe(1);
    // The burst starts at 16:00Z: the crisis words page within 10 minutes.
    expect(Date.parse(words[0].eventTime) - Date.parse('2026-01-05T16:00:00Z')).toBeLessThanOrEqual(10 * 60_000);
    expect(err.join('')).toMatch(/replayed 971 mentions \(0 invalid lines skipped\), 7 rules, \d+ alert events/);
  });

  it('gives, line for line and byte for byte, the recorded output of the example config on the fixture', async () => {
    // A change of any rule, of episode handling or of the evidence shows here first. When it is
    // meant, record the new output: npx tsx cli/main.ts alerts replay --config config/examples/alerts.yaml
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
    expect(await command.run(['--list'])).toBe(0);
    expect(out.join('')).toContain('volume_spike');
    expect(out.join('')).toContain('pagerduty');
  });
});
