/**
 * `vigie init` as a new user runs it, as a child process: scripted with flags against a local
 * site with a feed (the written config passes check-config and `ingest --once` reads the feed),
 * and interactive through a pseudo-terminal (util-linux `script`), answers typed at the prompts.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../ingest/kit/testing/feed-server.ts';
import { startReceiver } from '../fixtures/alerts/receiver.ts';
import { runChild } from '../helpers/child.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'cli', 'bin.js');
const dir = mkdtempSync(join(tmpdir(), 'vigie-init-'));
let site: FeedServer;

/** The CLI as a child process, asynchronously: the site and the receiver answer from this process meanwhile. */
function vigie(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runChild(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, VIGIE_LOG_LEVEL: 'warn', ...env } });
}

/** `KEY=value` lines of an env file written by init. */
const envOf = (f: string): Record<string, string> => Object.fromEntries(readFileSync(f, 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

beforeAll(async () => {
  const feed = readFileSync(join(ROOT, 'test', 'fixtures', 'feeds', 'quebec-economie-cp1252.xml'));
  site = await startFeedServer({
    '/': { headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!doctype html><html><head><title>Café Brio</title><link rel="alternate" type="application/rss+xml" title="Nouvelles" href="/nouvelles.xml"></head><body>Bienvenue</body></html>' },
    '/nouvelles.xml': { headers: { 'content-type': 'application/rss+xml; charset=windows-1252' }, body: feed },
  });
});
afterAll(() => site.close());

describe('vigie init', () => {
  it('--yes with flags: finds the site\'s feed, writes a config check-config accepts and ingest --once reads, secrets apart', async () => {
    const rx = await startReceiver();
    try {
      const out = join(dir, 'scripted.yaml');
      const r = await vigie(['init', '--yes', '--lang', 'en', '--brand', 'Café Brio', '--competitor', 'Zenith Café', '--site', `${site.base}/`, '--handle', 'mastodon:cafebrio', '--owned', 'x:1234567890', '--owned', 'mastodon:cafebrio@mastodon.social', '--slack-url', `${rx.url}/slack/T0/B0/secret`, '--no-searches', '--test-channel', '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`${site.base}/nouvelles.xml`);
      expect(r.stdout).toMatch(/Next:\n.*check-config.*\n.*stack up\n.*run --config/);
      const yaml = readFileSync(out, 'utf8');
      expect(yaml).toContain('"${SLACK_WEBHOOK_URL}"');
      expect(yaml).not.toContain('secret');
      expect(yaml).toMatch(/query: "\\"Café Brio\\" OR #cafebrio OR @cafebrio"/);
      expect(yaml).toContain('role: competitor');
      // The owned accounts under the brand, each said to need a source of its platform (none is written with --no-searches),
      // and the unanswered rule they make possible.
      expect(yaml).toMatch(/ {4}owned:\n {6}x: \["1234567890"\] +# no x source in this file yet: add one so its replies are read\n {6}mastodon: \["cafebrio@mastodon\.social"\] +# no mastodon source/);
      expect(yaml).toMatch(/- kind: unanswered\n {6}name: cafebrio-unanswered\n {6}scope: \{ names: \["Café Brio"\] \}/);
      expect(r.stdout).toMatch(/response desk.*\n.*sources test --config.*\n.*desk serve --config/);
      expect(statSync(`${out}.env`).mode & 0o777).toBe(0o600);
      const env = envOf(`${out}.env`);
      expect(env.SLACK_WEBHOOK_URL).toBe(`${rx.url}/slack/T0/B0/secret`);
      // --test-channel: the sample page reached the Slack receiver.
      expect(rx.received.filter((m) => m.path.startsWith('/slack/'))).toHaveLength(1);

      const check = await vigie(['check-config', out], env);
      expect(check.stderr).toBe('');
      expect(check.stdout).toMatch(/valid — 1 source\(s\), 2 watch entries/);
      const ingest = await vigie(['ingest', '--config', out, '--once', '--output', '-'], env);
      expect(ingest.code, ingest.stderr).toBe(0);
      const mentions = ingest.stdout.trim().split('\n').map((l) => JSON.parse(l) as { source: { name: string }; text: string });
      expect(mentions.length).toBeGreaterThan(0);
      expect(mentions.every((m) => m.source.name === 'cafebrio-site')).toBe(true);
    } finally {
      await rx.close();
    }
  });

  it('never overwrites without asking: --yes on an existing file keeps it and exits 1', async () => {
    const out = join(dir, 'existing.yaml');
    writeFileSync(out, '# mine\n');
    const r = await vigie(['init', '--yes', '--brand', 'Acme', '--no-searches', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--force to replace it/);
    expect(readFileSync(out, 'utf8')).toBe('# mine\n');
  });

  it('bad usage is one line and exit 2', async () => {
    expect((await vigie(['init', '--yes', '--no-searches'])).stderr).toMatch(/a brand name is needed/);
    const r = await vigie(['init', '--yes', '--brand', 'Acme', '--handle', 'cafebrio']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--handle must be platform:name/);
    expect((await vigie(['init', '--brand', 'Acme'])).stderr).toMatch(/not a terminal: give --yes/);
    // Owned accounts are checked like the config checks them, before anything is written.
    const bad = await vigie(['init', '--yes', '--brand', 'Acme', '--no-searches', '--owned', 'youtube:@acme', '--out', join(dir, 'never.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/youtube account "@acme" must be the channel id: "UC" and 22/);
    expect((await vigie(['init', '--yes', '--brand', 'Acme', '--owned', 'tiktok:acme'])).stderr).toMatch(/owned accounts exist for x, mastodon/);
    expect(existsSync(join(dir, 'never.yaml'))).toBe(false);
  });

  it('interactive on a pseudo-terminal, in French by the locale: answers typed, file checked', async () => {
    const out = join(dir, 'interactive.yaml');
    // `script` gives the command a pseudo-terminal (process.stdin.isTTY) and relays what we type.
    const child = spawn('script', ['-qfec', `${process.execPath} ${BIN} init --out ${out}`, '/dev/null'], { cwd: dir, env: { ...process.env, LANG: 'fr_CA.UTF-8', LC_ALL: '', VIGIE_LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    child.stdout.on('data', (c: Buffer) => (screen += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    const answer = async (prompt: RegExp, text: string) => {
      const end = Date.now() + 60_000;
      while (!prompt.test(screen)) {
        if (Date.now() > end) throw new Error(`no prompt ${prompt} on the screen:\n${screen}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      screen = screen.replace(prompt, '');
      child.stdin.write(`${text}\r`);
    };
    await answer(/Nom de votre marque: /, 'Brûlerie Saint-Denis');
    await answer(/Site web de la marque[^:]*: /, `${site.base}/`);
    await answer(/Concurrents[^:]*: /, 'Café Zénith, Torréfacteur Nord');
    await answer(/Vos comptes.*: /, 'bluesky:bruleriestdenis.bsky.social');
    await answer(/fautes de frappe courantes \? .*\[o\/N\]: /, 'o');
    await answer(/recherches sans clé[^[]*\[O\/n\]: /, 'n');
    // The Bluesky account named above is proposed as the brand's own; a bad one is asked again with the reason.
    await answer(/Compte\(s\) bluesky de la marque[\s\S]*?\[bruleriestdenis\.bsky\.social\]: /, 'bruleriestdenis');
    await answer(/Pas au bon format: bluesky account "bruleriestdenis" must be a DID[\s\S]*?\[bruleriestdenis\.bsky\.social\]: /, '');
    await answer(/webhook Slack[^:]*: /, '');
    await answer(/webhook Teams[^:]*: /, '');
    expect(await exited).toBe(0);
    expect(screen).toContain('Fils trouvés sur le site');
    expect(screen).toContain('Et maintenant');
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toContain('name: "Brûlerie Saint-Denis"');
    expect(yaml).toMatch(/"\\"Brûlerie Saint-Denis\\" OR #bruleriesaintdenis OR @bruleriestdenis\.bsky\.social OR bruleriesaintdenis OR /);
    expect(yaml).toContain('name: "Torréfacteur Nord"');
    expect(yaml).not.toContain('kind: hackernews');
    expect(yaml).toMatch(/ {4}owned:\n {6}bluesky: \["bruleriestdenis\.bsky\.social"\] +# aucune source bluesky dans ce fichier/);
    const check = await vigie(['check-config', out]);
    expect(check.stdout).toMatch(/valid — 1 source\(s\), 3 watch entries/);
  }, 180_000);
});
