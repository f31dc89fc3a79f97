import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { VigieError } from '../../core/errors.ts';
import { silentLogger } from '../../core/logger.ts';
import { parseRawMention } from '../../core/mention.ts';
import { Metrics } from '../../core/metrics.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { rssConfigSchema } from './config.ts';
import { parseRssCursor, RssConnector } from './connector.ts';
import { rss } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/feeds/${name}`, import.meta.url));
const ctx = () => ({ logger: silentLogger(), clock: systemClock, metrics: new Metrics() });
const signal = new AbortController().signal;

const item = (n: number, extra = '') => `<item><title>Article ${n}</title><link>https://site.example/a/${n}</link><guid>g-${n}</guid><pubDate>Mon, 05 Jan 2026 1${n % 10}:00:00 GMT</pubDate><description>Texte ${n}${extra}</description></item>`;
const rss2 = (items: string, head = '<?xml version="1.0" encoding="UTF-8"?>') => `${head}<rss version="2.0"><channel><title>T</title>${items}</channel></rss>`;

let srv: FeedServer;

function connector(path: string, over: Record<string, unknown> = {}): RssConnector {
  const cfg = rssConfigSchema.parse({ url: srv.url(path), allowPrivate: true, timeout: '2s', ...over });
  return rss.create({ ...cfg, name: 'test-feed' }, ctx()) as RssConnector;
}

async function pollError(c: RssConnector, cursor?: string): Promise<VigieError> {
  try {
    await c.poll(cursor, signal);
  } catch (e) {
    expect(e).toBeInstanceOf(VigieError);
    return e as VigieError;
  }
  throw new Error('expected the poll to fail');
}

beforeAll(async () => {
  const cp1252 = fixture('quebec-economie-cp1252.xml');
  srv = await startFeedServer({
    '/quebec-no-charset': { headers: { 'content-type': 'application/rss+xml' }, body: cp1252 },
    '/quebec-latin1-header': { headers: { 'content-type': 'text/xml; charset=ISO-8859-1' }, body: cp1252 },
    '/latin1-declared': { headers: { 'content-type': 'application/xml' }, body: iconv.encode(rss2(item(1, ' — l’été à 5 € « oui »'), '<?xml version="1.0" encoding="ISO-8859-1"?>'), 'windows-1252') },
    '/bom': { headers: { 'content-type': 'application/rdf+xml' }, body: fixture('bom-rdf-fr.xml') },
    '/bom-junk': { body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`\n\n  ${rss2(item(1))}`)]) },
    '/utf16': { headers: { 'content-type': 'application/xml' }, body: Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(rss2(item(1, ' déjà vu'), '<?xml version="1.0" encoding="UTF-16"?>'), 'utf-16le')]) },
    '/atom': { headers: { 'content-type': 'application/atom+xml' }, body: fixture('atom-blog-en.xml') },
    '/json': { headers: { 'content-type': 'application/feed+json' }, body: fixture('json-feed-en.json') },
    '/malformed': { headers: { 'content-type': 'application/rss+xml' }, body: 'this <<< is not & xml at all >>>' },
    '/truncated': { headers: { 'content-type': 'application/rss+xml' }, body: `<rss version="2.0"><channel><title>T</title>${item(1)}${item(2)}<item><title>Art` },
    '/bad-item': { headers: { 'content-type': 'application/rss+xml' }, body: rss2(`${item(1)}<item></item><item><title>Broken<description>oops</item>${item(3)}`) },
    '/bad-json': { headers: { 'content-type': 'application/feed+json' }, body: '{"version": "https://jsonfeed.org/version/1.1", "items": [' },
    '/empty': { headers: { 'content-type': 'application/rss+xml' }, body: '' },
    '/blank': { headers: { 'content-type': 'application/rss+xml' }, body: '   \n  ' },
    '/html': { headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><html><head><title>Accueil</title><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body><p>Bienvenue</p></body></html>' },
    '/huge': { headers: { 'content-type': 'application/rss+xml' }, body: rss2(Array.from({ length: 2000 }, (_, i) => item(i)).join('')) },
    '/forbidden': { status: 403, body: 'Forbidden' },
    '/gone': { status: 404 },
    '/error': { status: 500 },
    '/loop1': { status: 302, headers: { location: '/loop2' } },
    '/loop2': { status: 302, headers: { location: '/loop1' } },
    '/no-guid-no-date': { body: rss2('<item><title>Sans guid ni date</title><link>https://site.example/x?utm_medium=rss#top</link><description>a</description></item><item><title>Titre seul</title></item>') },
    '/script': {
      body: rss2(`<item><title>Bonjour &lt;b&gt;monde&lt;/b&gt;</title><guid>s1</guid><description><![CDATA[<div>Bonjour <b>monde</b><script>document.write("pub")</script><style>body{color:red}</style></div><p>Fin</p>]]></description></item>`),
    },
  });
  const paged = (n: number, next?: string) => `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>P</title>${next ? `<atom:link rel="next" href="${next}"/>` : ''}${item(n)}</channel></rss>`;
  srv.route('/paged', { body: paged(1, '/paged?page=2') });
  srv.route('/paged?page=2', { body: paged(2) });
  srv.route('/slow', (_req, res) => {
    setTimeout(() => res.writeHead(200).end(rss2(item(1))), 5000).unref();
  });
  let version = 1;
  srv.route('/live', (req, res) => {
    const etag = `"v${version}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
    const items = Array.from({ length: version + 1 }, (_, i) => item(i + 1)).reverse().join('');
    res.writeHead(200, { etag, 'content-type': 'application/rss+xml' }).end(rss2(items));
  });
  srv.route('/bump', (_req, res) => {
    version++;
    res.writeHead(204).end();
  });
});
afterAll(() => srv.close());

describe('rss connector: encodings', () => {
  it.each(['/quebec-no-charset', '/quebec-latin1-header'])('decodes the Windows-1252 Québec feed (%s)', async (path) => {
    const r = await connector(path).poll(undefined, signal);
    expect(r.mentions).toHaveLength(4);
    expect(r.mentions[0]!.title).toBe('Brio Télécom : la panne de réseau fâche les clients de Lévis');
    expect(r.mentions[0]!.text).toContain('« C’est inacceptable », lance François');
    expect(r.mentions[0]!.text).toContain('1 200 €');
    for (const m of r.mentions) parseRawMention(m);
  });

  it('decodes a feed that declares ISO-8859-1 only in its XML declaration', async () => {
    const r = await connector('/latin1-declared').poll(undefined, signal);
    expect(r.mentions[0]!.text).toBe('Texte 1 — l’été à 5 € « oui »');
  });

  it('reads feeds starting with a byte-order mark, with or without junk after it', async () => {
    expect((await connector('/bom').poll(undefined, signal)).mentions.map((m) => m.title)).toEqual(['Brio à Paris : déçu par le service client', 'Comparatif des forfaits : Nordik, Brio et les autres']);
    expect((await connector('/bom-junk').poll(undefined, signal)).mentions[0]!.title).toBe('Article 1');
    expect((await connector('/utf16').poll(undefined, signal)).mentions[0]!.text).toBe('Texte 1 déjà vu');
  });

  it('reads Atom and JSON Feed through the same connector', async () => {
    expect((await connector('/atom').poll(undefined, signal)).mentions).toHaveLength(3);
    expect((await connector('/json').poll(undefined, signal)).mentions).toHaveLength(3);
  });
});

describe('rss connector: bad input gets a clear error, never a crash', () => {
  it.each([
    ['/malformed', 'ERR_FEED_MALFORMED', /not a readable feed/],
    ['/bad-json', 'ERR_FEED_MALFORMED', /invalid JSON/],
    ['/empty', 'ERR_FEED_EMPTY', /empty/],
    ['/blank', 'ERR_FEED_EMPTY', /empty/],
    ['/html', 'ERR_FEED_NOT_A_FEED', /HTML page, not a feed/],
    ['/forbidden', 'ERR_FETCH_HTTP', /HTTP 403/],
    ['/gone', 'ERR_FETCH_HTTP', /HTTP 404/],
    ['/error', 'ERR_FETCH_HTTP', /HTTP 500/],
    ['/loop1', 'ERR_FETCH_REDIRECT', /redirect loop/],
  ])('%s → %s', async (path, code, message) => {
    const e = await pollError(connector(path));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it('is retriable for 500 and not for 403/404', async () => {
    expect((await pollError(connector('/error'))).retriable).toBe(true);
    expect((await pollError(connector('/forbidden'))).retriable).toBe(false);
    expect((await pollError(connector('/gone'))).details).toMatchObject({ status: 404 });
  });

  it('stops a feed larger than the size cap', async () => {
    const e = await pollError(connector('/huge', { maxBytes: 50_000 }));
    expect(e.code).toBe('ERR_FETCH_TOO_LARGE');
    expect((await connector('/huge').poll(undefined, signal)).mentions).toHaveLength(2000);
  });

  it('times out on a feed slower than the timeout', async () => {
    const e = await pollError(connector('/slow', { timeout: '300ms' }));
    expect(e).toMatchObject({ code: 'ERR_FETCH_TIMEOUT', retriable: true });
  });

  it('refuses a loopback feed unless allowPrivate is set', async () => {
    const e = await pollError(connector('/atom', { allowPrivate: false }));
    expect(e.code).toBe('ERR_FETCH_PRIVATE_ADDRESS');
  });

  it('keeps the complete items of a truncated feed and counts the cut one', async () => {
    const c = connector('/truncated');
    const r = await c.poll(undefined, signal);
    expect(r.mentions.map((m) => m.title)).toEqual(['Article 1', 'Article 2']);
    expect(c.lastReading!.report.skipped).toEqual([{ index: 2, reason: 'item XML is cut off before anything that identifies it' }]);
  });

  it('skips an empty item, reads a malformed one as far as it goes, and lets the others through', async () => {
    const c = connector('/bad-item');
    const r = await c.poll(undefined, signal);
    expect(r.mentions.map((m) => [m.title, m.text])).toEqual([['Article 1', 'Texte 1'], ['Broken', 'oops'], ['Article 3', 'Texte 3']]);
    expect(c.lastReading!.report.skipped.map((s) => s.index)).toEqual([1]);
    expect(c.lastReading!.report.recovered).toEqual([{ index: 2, reason: 'malformed markup inside it (an element never closed): read as far as it goes' }]);
    expect(c.lastReading!.report.warnings.join('\n')).toMatch(/1 item\(s\) skipped/);
  });

  it('handles items without guid or date', async () => {
    const before = Date.now();
    const c = connector('/no-guid-no-date');
    const r = await c.poll(undefined, signal);
    expect(r.mentions).toHaveLength(2);
    expect(r.mentions[0]!.url).toBe('https://site.example/x');
    expect(r.mentions[0]!.id).toMatch(/^rss:url:/);
    expect(r.mentions[1]!.id).toMatch(/^rss:h:/);
    expect(r.mentions[1]!.text).toBe('Titre seul');
    expect(Date.parse(r.mentions[0]!.publishedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(c.lastReading!.report).toMatchObject({ undated: 2, withoutGuid: 2 });
    const again = await connector('/no-guid-no-date').poll(undefined, signal);
    expect(again.mentions.map((m) => m.id)).toEqual(r.mentions.map((m) => m.id));
  });

  it('removes script and style and keeps word boundaries', async () => {
    const r = await connector('/script').poll(undefined, signal);
    expect(r.mentions[0]!.title).toBe('Bonjour monde');
    expect(r.mentions[0]!.text).toBe('Bonjour monde\nFin');
  });
});

describe('rss connector: cursor', () => {
  it('uses ETag, emits only new items, and bounds what it remembers', async () => {
    const c = connector('/live');
    const first = await c.poll(undefined, signal);
    expect(first.mentions.map((m) => m.title)).toEqual(['Article 2', 'Article 1']);
    const cur = parseRssCursor(first.cursor);
    expect(cur.etag).toBe('"v1"');
    expect(cur.seen).toHaveLength(2);

    const unchanged = await c.poll(first.cursor, signal);
    expect(unchanged).toEqual({ mentions: [], cursor: undefined });
    expect(srv.requests.at(-1)!.headers['if-none-match']).toBe('"v1"');

    await fetch(srv.url('/bump'));
    const next = await c.poll(first.cursor, signal);
    expect(next.mentions.map((m) => m.title)).toEqual(['Article 3']);
    expect(parseRssCursor(next.cursor).etag).toBe('"v2"');

    // Without the ETag (e.g. a server that ignores it), the seen ids still prevent re-emission.
    const noEtag = JSON.stringify({ ...parseRssCursor(next.cursor), etag: undefined });
    expect((await c.poll(noEtag, signal)).mentions).toEqual([]);
  });

  it('follows RFC 5005 next pages while they bring new items', async () => {
    const c = connector('/paged');
    const p1 = await c.poll(undefined, signal);
    expect(p1).toMatchObject({ hasMore: true });
    expect(parseRssCursor(p1.cursor).next).toBe(srv.url('/paged?page=2'));
    const p2 = await c.poll(p1.cursor, signal);
    expect(p2.mentions.map((m) => m.title)).toEqual(['Article 2']);
    expect(p2.hasMore).toBe(false);
    // Once caught up, page 1 brings nothing new, so older pages are not walked again.
    const p3 = await c.poll(p2.cursor, signal);
    expect(p3).toMatchObject({ mentions: [], hasMore: false });
  });

  it('survives a corrupt cursor', async () => {
    const r = await connector('/atom').poll('{not json', signal);
    expect(r.mentions).toHaveLength(3);
  });
});

describe('rss config', () => {
  it('rejects relative URLs with a message naming what was found, and unknown keys', () => {
    const bad = rssConfigSchema.safeParse({ url: 'feed.xml' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toBe('must be an absolute http(s) URL, got "feed.xml"');
    expect(rssConfigSchema.safeParse({ url: 'ftp://x.example/feed' }).success).toBe(false);
    expect(rssConfigSchema.safeParse({ url: 'https://x.example/feed', colour: 'red' }).success).toBe(false);
    expect(rssConfigSchema.safeParse({ url: 'https://x.example/feed', timeout: 'soon' }).error!.issues[0]!.message).toMatch(/duration/);
  });
  it('applies defaults', () => {
    expect(rssConfigSchema.parse({ url: 'https://x.example/feed' })).toEqual({ url: 'https://x.example/feed', timeout: 30_000, maxBytes: 10 * 1024 * 1024, allowPrivate: false });
  });
});
