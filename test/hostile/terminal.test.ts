/**
 * Feed-controlled strings printed by `vigie sources test` (test/fixtures/hostile/feeds/
 * terminal-escapes.xml, json-feed-escapes.json, discovery-javascript.html): RSS version, title,
 * language, JSON Feed version and language, item titles, authors and text, discovered link titles
 * and URLs. No escape sequence (OSC title, OSC 8 link, clear screen, cursor moves, 8-bit CSI) or
 * bidi override may reach the terminal raw, and discovery never suggests a javascript:/data: URL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSourcesTest } from '../../cli/commands/sources.ts';
import { startFeedServer, type FeedServer } from '../../ingest/kit/testing/feed-server.ts';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'hostile');
/** ESC, BEL, the C1 range (U+009B is a one-byte CSI), DEL, bidi overrides and isolates. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let srv: FeedServer;
beforeAll(async () => {
  srv = await startFeedServer({
    '/escapes.xml': { headers: { 'content-type': 'application/rss+xml; charset=utf-8' }, body: readFileSync(join(DIR, 'feeds', 'terminal-escapes.xml')) },
    '/escapes.json': { headers: { 'content-type': 'application/feed+json' }, body: readFileSync(join(DIR, 'feeds', 'json-feed-escapes.json')) },
    '/page.html': { headers: { 'content-type': 'text/html' }, body: readFileSync(join(DIR, 'discovery-javascript.html')) },
  });
});
afterAll(() => srv.close());

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void) => new Writable({ write(c, _e, cb) { add(String(c)); cb(); } });
  const code = await runSourcesTest(args, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
  return { code, out, err };
}

describe('vigie sources test prints no raw escape sequence', () => {
  it.each([['/escapes.xml'], ['/escapes.json']])('%s (summary)', async (path) => {
    const r = await run(['test', srv.url(path), '--allow-private']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Good');
    expect(r.out + r.err).not.toMatch(RAW_CONTROL);
    // Made visible, not silently removed: the operator sees that the feed holds escapes.
    expect(r.out).toContain('\\u{1b}');
  });

  it.each([['/escapes.xml'], ['/escapes.json']])('%s (--json)', async (path) => {
    const r = await run(['test', srv.url(path), '--allow-private', '--json']);
    expect(r.code).toBe(0);
    expect(r.out + r.err).not.toMatch(RAW_CONTROL);
    for (const line of r.out.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('a page advertising javascript: and data: feeds: neither suggested, titles made safe', async () => {
    const r = await run(['test', srv.url('/page.html'), '--allow-private']);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(RAW_CONTROL);
    expect(r.err).not.toMatch(/javascript:|data:/i);
    expect(r.err).toContain(`Try: vigie sources test '${srv.url('/feed.xml?a=1&b=$(id)')}'`);
  });

  it('--timeout 30d is a usage error naming the range, not an immediate timeout', async () => {
    const r = await run(['test', srv.url('/escapes.xml'), '--allow-private', '--timeout', '30d']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--timeout: must be between 100ms and 10m');
  });
});
