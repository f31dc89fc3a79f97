/**
 * Hostile config files through the same path `vigie check-config` and every stage use
 * (`parseConfigText`, then `validateConfig`): YAML bombs, unsafe tags, unknown keys, wrong types,
 * non-http URLs, control characters, huge and deeply nested documents. Each: no crash, bounded
 * time and memory, ERR_CONFIG_INVALID naming every bad path, and secrets never echoed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText, validateConfig } from '../../cli/config.ts';
import { codeOf, measure } from './measure.ts';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'hostile', 'config');
interface ConfigCase {
  file: string;
  note: string;
  expect: 'invalid' | 'accepted';
  paths?: string[];
  secrets?: string[];
  knownGap?: string;
}
const cases = JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8')) as ConfigCase[];

async function configCase(c: ConfigCase): Promise<void> {
  const text = readFileSync(join(DIR, c.file)).toString('utf8');
  const r = await measure(() => parseConfigText(text, c.file, {}));
  expect(r.ms).toBeLessThan(2000);
  expect(r.peakMb).toBeLessThan(100);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  if (c.expect === 'accepted') {
    expect(r.error).toBeUndefined();
    return;
  }
  expect(codeOf(r.error), `${c.note}: ${(r.error as Error)?.message}`).toBe('ERR_CONFIG_INVALID');
  const message = (r.error as Error).message;
  for (const p of c.paths ?? []) expect(message).toContain(`  ${p}`);
  for (const s of c.secrets ?? []) expect(message).not.toContain(s);
}

describe('hostile config files (test/fixtures/hostile/config)', () => {
  it.each(cases.filter((c) => !c.knownGap).map((c) => [c.file, c] as const))('%s', (_f, c) => configCase(c));
  it.fails.each(cases.filter((c) => c.knownGap).map((c) => [c.file, c.knownGap, c] as const))('%s (known gap: %s)', (_f, _g, c) => configCase(c));
});

describe('hostile config trees generated at test time', () => {
  const invalid = async (tree: unknown) => {
    const r = await measure(() => validateConfig(tree, {}));
    expect(r.error).toBeUndefined();
    expect(r.ms).toBeLessThan(5000);
    expect(r.peakMb).toBeLessThan(200);
    return r.value!;
  };

  it('a 10 MB string where a host is expected', async () => {
    const v = await invalid({ kafka: { brokers: ['x'.repeat(10_000_000)] } });
    expect(v.problems.map((p) => p.path)).toContain('kafka.brokers[0]');
    // The message shows the start of what was found, not 10 MB of it.
    expect(Math.max(...v.problems.map((p) => p.message.length))).toBeLessThan(500);
  });

  it('a tree nested 1,000 deep', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 1000; i++) deep = { a: deep };
    const v = await invalid({ reports: deep, surprise: deep });
    expect(v.problems.map((p) => p.path)).toContain('surprise');
  });

  // Resolving env references stops at 64 levels with a problem instead of overflowing the stack.
  it('a tree nested 10,000 deep', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const v = await invalid({ reports: deep, surprise: deep });
    expect(v.problems.map((p) => p.path)).toContain('surprise');
  });

  it('a YAML document nested 5,000 deep', async () => {
    const text = `watch: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const r = await measure(() => parseConfigText(text, 'deep.yaml', {}));
    expect(r.ms).toBeLessThan(5000);
    expect(codeOf(r.error)).toBe('ERR_CONFIG_INVALID');
  });

  it('a watch query of 3,000 nested parentheses', async () => {
    const q = `${'('.repeat(3000)}acme${')'.repeat(3000)}`;
    const v = await invalid({ watch: [{ name: 'deep', role: 'brand', query: q }] });
    // Accepted or refused with a path, never a stack overflow.
    for (const p of v.problems) expect(p.path).toMatch(/^watch\[0\]/);
  });

  it('a watch query of 20,000 OR terms', async () => {
    const q = Array.from({ length: 20_000 }, (_, i) => `term${i}`).join(' OR ');
    const v = await invalid({ watch: [{ name: 'wide', role: 'brand', query: q }] });
    for (const p of v.problems) expect(p.path).toMatch(/^watch\[0\]/);
  });

  it('2,000 sources, every one invalid: all reported, bounded', async () => {
    const v = await invalid({ sources: Array.from({ length: 2_000 }, (_, i) => ({ name: `s${i}`, kind: 'rss', url: `file:///x${i}` })) });
    expect(v.problems.length).toBe(2_000);
  });
});
