/**
 * The installable package: `npm pack` (which builds dist/ first) gives a tarball that installs
 * into an empty folder and runs there without TypeScript, tsx or the checkout: `vigie --help`,
 * `check-config`, `enrich --input` (models and word lists inside the package) and `stack up`.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts } from '../../stack/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'vigie-pack-'));
const app = join(work, 'app');
let tarball = '';

function sh(cmd: string, args: string[], cwd: string, timeout = 300_000) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, VIGIE_LOG_LEVEL: 'warn', npm_config_audit: 'false', npm_config_fund: 'false' } });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
const vigie = (...args: string[]) => sh(join(app, 'node_modules', '.bin', 'vigie'), args, app);

beforeAll(() => {
  const packed = sh('npm', ['pack', '--pack-destination', work], ROOT, 600_000);
  expect(packed.code, packed.stderr).toBe(0);
  tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
  writeFileSync(join(work, 'package.json'), '{}');
  const installed = sh('npm', ['install', '--omit=dev', '--prefix', app, tarball], work, 600_000);
  expect(installed.code, installed.stderr).toBe(0);
}, 900_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack, installed into an empty folder', () => {
  it('ships the compiled build, the models and the examples, not the dev files', () => {
    const pkg = join(app, 'node_modules', 'vigie');
    for (const f of ['dist/cli/main.js', 'dist/enrich/sentiment/model.bin', 'dist/enrich/language/words.txt', 'dist/index/kibana/objects.ndjson', 'config/examples/minimal.yaml', 'cli/bin.js']) {
      expect(existsSync(join(pkg, f)), f).toBe(true);
    }
    for (const f of ['test', 'bench', 'cli/main.ts', 'enrich/sentiment/train.ts', 'dist/enrich/sentiment/train.js']) expect(existsSync(join(pkg, f)), f).toBe(false);
    expect(readdirSync(join(app, 'node_modules'))).not.toContain('tsx');
    expect(readdirSync(join(app, 'node_modules'))).not.toContain('vitest');
  });

  it('vigie --help', () => {
    const r = vigie('--help');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}check-config /m);
  });

  it('vigie check-config on the shipped example', () => {
    const r = vigie('check-config', join(app, 'node_modules', 'vigie', 'config', 'examples', 'minimal.yaml'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/valid — 1 source\(s\), 1 watch entry/);
  });

  it('vigie enrich --input with the packaged models', () => {
    const f = join(work, 'in.ndjson');
    writeFileSync(f, `${JSON.stringify({ id: 'rss:1', source: { kind: 'rss' }, publishedAt: '2026-11-18T10:00:00Z', text: "C'est vraiment excellent, j'adore ce café !" })}\n`);
    const r = vigie('enrich', '--input', f, '--languages', 'fr,en');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim()) as { lang: { code: string }; sentiment: { label: string } };
    expect(out.lang.code).toBe('fr');
    expect(out.sentiment.label).toBe('positive');
  });

  it('vigie stack up, status and down', async () => {
    const dir = join(work, 'stack');
    const [k, e] = await freePorts(2);
    const opts = ['--dir', dir, '--kafka-port', String(k), '--es-port', String(e)];
    // As root the stack runs Elasticsearch under its own account, which must traverse the dir.
    chmodSync(work, 0o755);
    try {
      const up = vigie('stack', 'up', ...opts, '--json');
      expect(up.code, up.stderr).toBe(0);
      expect(vigie('stack', 'status', ...opts).code).toBe(0);
    } finally {
      expect(vigie('stack', 'down', ...opts, '--purge').code).toBe(0);
    }
  }, 400_000);
});
