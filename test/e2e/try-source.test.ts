import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngestOnce } from '../../cli/commands/ingest-once.ts';
import { runSourcesTest } from '../../cli/commands/sources.ts';
import { silentLogger } from '../../core/logger.ts';
import { parseRawMention, type RawMention } from '../../core/mention.ts';
import { rssConfigSchema } from '../../ingest/rss/config.ts';
import { sourceCommon, type ValidatedSource } from '../../ingest/kit/source-common.ts';
import { startFeedServer, type FeedServer } from '../../ingest/kit/testing/feed-server.ts';
import { textSink } from '../helpers/capture.ts';

const run = promisify(execFile);
const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let srv: FeedServer;


function source(name: string, path: string): ValidatedSource {
  return sourceCommon.extend(rssConfigSchema.shape).strict().parse({ name, kind: 'rss', url: srv.url(path), allowPrivate: true, timeout: '3s' }) as ValidatedSource;
}

async function once(sources: ValidatedSource[]) {
  const out = textSink();
  const err = textSink();
  const code = await runIngestOnce({ sources, output: out.stream, errors: err.stream, pages: 1, logger: silentLogger() });
  const mentions = out.text().split('\n').filter(Boolean).map((l) => JSON.parse(l) as RawMention);
  const problems = err.text().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { source: string; code: string; reason: string });
  return { code, mentions, problems };
}

async function sourcesTest(...args: string[]) {
  const out = textSink();
  const err = textSink();
  const code = await runSourcesTest(args, { stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text(), stderr: err.text() };
}

beforeAll(async () => {
  const cp1252 = fixture('quebec-economie-cp1252.xml');
  const utf8 = iconv.decode(cp1252, 'windows-1252').replace('encoding="windows-1252"', 'encoding="utf-8"');
  srv = await startFeedServer({
    // The same Québec feed, labelled every way seen in the wild.
    '/qc/header-latin1': { headers: { 'content-type': 'application/rss+xml; charset=ISO-8859-1' }, body: cp1252 },
    '/qc/declaration-only': { headers: { 'content-type': 'text/xml' }, body: cp1252 },
    '/qc/no-label': { headers: { 'content-type': 'application/xml' }, body: iconv.encode(utf8.replace('<?xml version="1.0" encoding="utf-8"?>', ''), 'windows-1252') },
    '/qc/utf8-bom': { headers: { 'content-type': 'application/rss+xml' }, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(utf8, 'utf8')]) },
    '/qc/utf8-wrong-header': { headers: { 'content-type': 'text/xml; charset=utf-8' }, body: cp1252 },
    '/atom': { headers: { 'content-type': 'application/atom+xml' }, body: fixture('atom-blog-en.xml') },
    '/rdf': { headers: { 'content-type': 'application/rdf+xml' }, body: fixture('bom-rdf-fr.xml') },
    '/json': { headers: { 'content-type': 'application/feed+json' }, body: fixture('json-feed-en.json') },
    '/page': {
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<!doctype html><html><head><title>Le Fil</title><link rel="alternate" type="application/rss+xml" title="Économie" href="/qc/header-latin1"><link rel="alternate" type="application/atom+xml" href="https://blog.example.com/feed.atom"></head><body>Bienvenue</body></html>',
    },
  });
});
afterAll(() => srv.close());

describe('vigie ingest --once (in process)', () => {
  it.each(['/qc/header-latin1', '/qc/declaration-only', '/qc/no-label', '/qc/utf8-bom', '/qc/utf8-wrong-header'])('decodes the Québec feed served as %s', async (path) => {
    const { code, mentions, problems } = await once([source('qc', path)]);
    expect(problems).toEqual([]);
    expect(code).toBe(0);
    expect(mentions).toHaveLength(4);
    const [first] = mentions;
    expect(first).toMatchObject({
      title: 'Brio Télécom : la panne de réseau fâche les clients de Lévis',
      url: 'https://nouvelles.example.qc.ca/economie/2026/01/05/brio-panne-levis',
      publishedAt: '2026-01-05T14:15:00.000Z',
      author: { name: 'Geneviève Côté' },
      lang: 'fr',
      source: { kind: 'rss', name: 'qc', url: srv.url(path) },
    });
    expect(first!.text).toContain('Des milliers d’abonnés de Brio Télécom');
    expect(first!.text).toContain('« C’est inacceptable », lance François');
    expect(first!.text).toContain('1 200 €');
    expect(first!.text).not.toContain('trackView');
    for (const m of mentions) {
      expect(m.publishedAt).toMatch(ISO_UTC);
      expect(() => parseRawMention(m)).not.toThrow();
    }
  });

  it('gives the same ids on every run', async () => {
    const a = await once([source('qc', '/qc/header-latin1'), source('atom', '/atom'), source('json', '/json'), source('rdf', '/rdf')]);
    const b = await once([source('qc', '/qc/header-latin1'), source('atom', '/atom'), source('json', '/json'), source('rdf', '/rdf')]);
    expect(a.code).toBe(0);
    expect(a.mentions).toHaveLength(4 + 3 + 3 + 2);
    expect(b.mentions.map((m) => m.id)).toEqual(a.mentions.map((m) => m.id));
    expect(new Set(a.mentions.map((m) => m.id)).size).toBe(a.mentions.length);
  });

  it('reports a failing source on stderr, exits 1, and still writes the others', async () => {
    const { code, mentions, problems } = await once([source('gone', '/missing.xml'), source('page', '/page'), source('atom', '/atom')]);
    expect(code).toBe(1);
    expect(mentions.map((m) => m.source.name)).toEqual(['atom', 'atom', 'atom']);
    expect(problems).toEqual([
      { source: 'gone', code: 'ERR_FETCH_HTTP', reason: `${srv.url('/missing.xml')}: HTTP 404 Not Found` },
      { source: 'page', code: 'ERR_FEED_NOT_A_FEED', reason: 'this is an HTML page, not a feed' },
    ]);
  });
});

describe('vigie sources test (in process)', () => {
  it('summarises a feed: kind, encoding and how, items, warnings', async () => {
    const { code, stdout } = await sourcesTest('test', srv.url('/qc/declaration-only'), '--allow-private');
    expect(code).toBe(0);
    expect(stdout).toContain('Kind:      rss — RSS 2.0 "Le Fil de Québec — Économie"');
    expect(stdout).toContain('Encoding:  windows-1252, from the XML declaration');
    expect(stdout).toContain('Items:     4 in the feed, 4 readable, 0 skipped');
    expect(stdout).toContain('1 item(s) without a usable date');
    expect(stdout).toContain('2 item(s) without guid/id');
    expect(stdout).toContain('2026-01-05T14:15:00.000Z  Brio Télécom : la panne de réseau fâche les clients de Lévis');
    expect(stdout).toContain('by Geneviève Côté');
  });

  it('names the rule that decided the encoding', async () => {
    expect((await sourcesTest('test', srv.url('/qc/header-latin1'), '--allow-private')).stdout).toContain('Encoding:  windows-1252 (declared "iso-8859-1"), from the HTTP Content-Type header');
    expect((await sourcesTest('test', srv.url('/rdf'), '--allow-private')).stdout).toContain('Encoding:  utf-8, from the byte-order mark');
    expect((await sourcesTest('test', srv.url('/qc/no-label'), '--allow-private')).stdout).toContain('Encoding:  windows-1252, from the sniffing');
  });

  it('prints mentions as NDJSON with --json, keeping stdout pure', async () => {
    const { code, stdout, stderr } = await sourcesTest('test', srv.url('/json'), '--allow-private', '--json');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as RawMention);
    expect(lines.map((m) => m.title)).toEqual(['Brio Telecom apologizes after outage', 'Nordik lights up 5G in Moncton', 'Café chains bet on mobile ordering']);
    expect(stderr).toContain('JSON Feed 1.1');
  });

  it('says an HTML page is not a feed and lists the feeds it advertises', async () => {
    const { code, stderr } = await sourcesTest('test', srv.url('/page'), '--allow-private');
    expect(code).toBe(1);
    expect(stderr).toContain('this is an HTML page, not a feed');
    expect(stderr).toContain(`${srv.url('/qc/header-latin1')}  (application/rss+xml, "Économie")`);
    expect(stderr).toContain('https://blog.example.com/feed.atom');
  });

  it('gives a clear error for a 404, and refuses loopback without --allow-private', async () => {
    const gone = await sourcesTest('test', srv.url('/nothing-here'), '--allow-private');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('HTTP 404 Not Found (ERR_FETCH_HTTP)');
    const guarded = await sourcesTest('test', srv.url('/atom'));
    expect(guarded.code).toBe(1);
    expect(guarded.stderr).toContain('ERR_FETCH_PRIVATE_ADDRESS');
  });

  it('honours --timeout and --max-bytes, and rejects bad usage with exit 2', async () => {
    const small = await sourcesTest('test', srv.url('/atom'), '--allow-private', '--max-bytes', '100');
    expect(small.code).toBe(1);
    expect(small.stderr).toContain('ERR_FETCH_TOO_LARGE');
    expect((await sourcesTest('test', 'feed.xml')).stderr).toContain('must be an absolute http(s) URL, got "feed.xml"');
    expect((await sourcesTest('test', 'feed.xml')).code).toBe(2);
    expect((await sourcesTest('test', srv.url('/atom'), '--timeout', 'soon')).code).toBe(2);
    expect((await sourcesTest()).code).toBe(2);
  });

  it('points Reddit and Mastodon URLs to their feeds', async () => {
    const { stdout } = await sourcesTest('test', `${srv.base}/tags/brio`, '--allow-private');
    expect(stdout).toContain('looks like a mastodon URL');
    expect(stdout).toContain(`${srv.base}/tags/brio.rss`);
  });
});

describe('vigie ingest --once (child process)', () => {
  it('writes NDJSON to a file from a config file and problems to stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-once-'));
    const config = join(dir, 'vigie.yaml');
    const output = join(dir, 'out.ndjson');
    writeFileSync(config, `sources:\n  - name: qc\n    kind: rss\n    url: ${srv.url('/qc/header-latin1')}\n    allowPrivate: true\n  - name: gone\n    kind: rss\n    url: ${srv.url('/gone.xml')}\n    allowPrivate: true\n`);
    const res = await run('npx', ['tsx', 'cli/main.ts', 'ingest', '--config', config, '--once', '--output', output], { cwd: process.cwd(), env: { ...process.env, DOTENV_CONFIG_QUIET: 'true', VIGIE_LOG_LEVEL: 'silent' } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(res.code).toBe(1);
    const lines = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RawMention);
    expect(lines).toHaveLength(4);
    expect(lines[0]!.title).toBe('Brio Télécom : la panne de réseau fâche les clients de Lévis');
    const problems = res.stderr.split('\n').filter((l) => l.startsWith('{"source"')).map((l) => JSON.parse(l));
    expect(problems).toEqual([{ source: 'gone', code: 'ERR_FETCH_HTTP', reason: `${srv.url('/gone.xml')}: HTTP 404 Not Found` }]);
  });
});

/**
 * The brand's owned accounts (watch[].owned) in the once-only commands: a Mastodon source on the
 * fixture server reads one known account (its two statuses) and one the instance does not know.
 */
describe('owned accounts in ingest --once and sources test --config', () => {
  const masto = (name: string) => readFileSync(new URL(`../../ingest/mastodon/fixtures/${name}`, import.meta.url));
  const json = { 'content-type': 'application/json; charset=utf-8' };
  let host: string;
  let known: string;
  let ghost: string;
  let dir: string;

  beforeAll(() => {
    host = new URL(srv.base).host;
    known = `brulerie@${host}`;
    ghost = `fantome@${host}`;
    dir = mkdtempSync(join(tmpdir(), 'vigie-owned-once-'));
    srv.route('/api/v1/timelines/tag/BrulerieBoreale', { headers: json, body: masto('tag-timeline.json') });
    srv.route('/api/v1/accounts/lookup', (req, res) => {
      const acct = new URL(req.url!, srv.base).searchParams.get('acct');
      // The connector asks for the account as configured (user@instance); the instance knows it.
      if (acct === known) res.writeHead(200, json).end(masto('account-lookup.json'));
      else res.writeHead(404, json).end('{"error":"Record not found"}');
    });
    srv.route('/api/v1/accounts/110442000000000001/statuses', { headers: json, body: masto('account-statuses.json') });
  });

  const configFile = (extra = '') => {
    const file = join(dir, `vigie-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, [
      'sources:',
      '  - name: masto',
      '    kind: mastodon',
      `    baseUrl: ${JSON.stringify(srv.base)}`,
      '    tag: BrulerieBoreale',
      '    token: "${TEST_MASTO_TOKEN}"',
      '    allowPrivate: true',
      '  - name: qc',
      '    kind: rss',
      `    url: ${srv.url('/qc/header-latin1')}`,
      '    allowPrivate: true',
      'watch:',
      '  - name: Brûlerie Boréale',
      '    role: brand',
      '    query: \'"brulerie boreale" OR #brulerieboreale\'',
      '    owned:',
      `      mastodon: [${JSON.stringify(known)}, ${JSON.stringify(ghost)}]`,
      extra,
    ].join('\n'));
    return file;
  };

  it('ingest --once reads each owned account after its source: its posts on stdout, an unknown one a problem line, exit 1', async () => {
    const file = configFile();
    const res = await run('npx', ['tsx', 'cli/main.ts', 'ingest', '--config', file, '--once', '--source', 'masto', '--output', '-'], { cwd: process.cwd(), env: { ...process.env, TEST_MASTO_TOKEN: 'tok-secret-4242', DOTENV_CONFIG_QUIET: 'true', VIGIE_LOG_LEVEL: 'silent' } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(res.code).toBe(1);
    const mentions = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as RawMention);
    // The tag timeline's statuses, then the account's own two, written by it.
    const own = mentions.filter((m) => m.author?.handle === known);
    expect(own.map((m) => m.id).sort()).toEqual([`mastodon:${host}:115012345678901300`, `mastodon:${host}:115012345678901400`]);
    expect(own.every((m) => m.source.name === 'masto')).toBe(true);
    expect(own.find((m) => m.id.endsWith('1400'))!.parentId).toBe(`mastodon:${host}:115012345678901250`);
    expect(mentions.length).toBeGreaterThan(own.length);
    const problems = res.stderr.split('\n').filter((l) => l.startsWith('{"source"')).map((l) => JSON.parse(l) as { source: string; code: string; reason: string });
    expect(problems).toEqual([{ source: `masto/owned/${ghost}`, code: 'ERR_OWNED_ACCOUNT_UNKNOWN', reason: expect.stringContaining('does not know the owned account') }]);
  });

  it('sources test --config says, per source and per owned account, whether it could be read; counts only, no text, no token', async () => {
    process.env.TEST_MASTO_TOKEN = 'tok-secret-4242';
    try {
      // facebook: an owned account no source reads.
      const file = configFile('      facebook: ["104123456789012"]');
      const { code, stdout, stderr } = await sourcesTest('test', '--config', file);
      expect(stderr).toBe('');
      expect(code).toBe(1);
      const lines = stdout.split('\n');
      expect(lines.find((l) => l.startsWith('masto (mastodon)'))).toMatch(/ok +3 mention\(s\), newest 20\d\d-/);
      expect(lines.find((l) => l.includes(`owned mastodon ${known}`))).toMatch(/ok +2 post\(s\), newest 20\d\d-/);
      expect(lines.find((l) => l.includes(`owned mastodon ${ghost}`))).toMatch(/FAILED +ERR_OWNED_ACCOUNT_UNKNOWN: .*does not know the owned account/);
      expect(lines.find((l) => l.startsWith('qc (rss)'))).toMatch(/ok +4 mention\(s\)/);
      expect(lines.find((l) => l.includes('owned facebook 104123456789012'))).toMatch(/FAILED +ERR_OWNED_NOT_READ: no enabled facebook source/);
      expect(lines.find((l) => l.includes('owned facebook'))).toMatch(/^owned facebook/);
      expect(stdout).toMatch(/2 of 5 failed\./);
      // Neither post text nor the token.
      expect(stdout).not.toMatch(/bergamote|J’adore|Merci/);
      expect(stdout).not.toContain('tok-secret-4242');

      // --json, and --source: only the selected source and its platform's owned accounts.
      const j = await sourcesTest('test', '--config', file, '--source', 'masto', '--json');
      const checks = j.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(checks.map((c) => [c.source, c.owned ?? null, c.ok])).toEqual([['masto', null, true], ['masto', known, true], ['masto', ghost, false]]);
      expect(checks[1]).toMatchObject({ kind: 'mastodon', items: 2 });
      expect(j.code).toBe(1);
      expect((await sourcesTest('test', '--config', file, '--source', 'nope')).code).toBe(2);
    } finally {
      delete process.env.TEST_MASTO_TOKEN;
    }
  });
});
