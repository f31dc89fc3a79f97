import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRawMention } from '../../core/mention.ts';
import { parseFeedDate } from './dates.ts';
import { readFeed } from './read-feed.ts';
import { MAX_XML_DEPTH, MAX_XML_OPEN } from './xml-feed.ts';
import { feedItemId } from './to-mentions.ts';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/feeds/${name}`, import.meta.url));
const fetchedAt = '2026-01-06T00:00:00.000Z';
const read = (name: string, contentType?: string, feedUrl = `https://feeds.example/${name}`) => readFeed({ body: fixture(name), contentType }, { feedUrl, fetchedAt, sourceName: 'test' });

describe('RSS 2.0 in Windows-1252 (Québec news)', () => {
  const r = read('quebec-economie-cp1252.xml', 'application/rss+xml');

  it('decodes with the XML declaration when the header has no charset', () => {
    expect(r.decoded).toMatchObject({ encoding: 'windows-1252', detectedBy: 'xml-declaration' });
    expect(r.report).toMatchObject({ format: 'rss', version: 'RSS 2.0', title: 'Le Fil de Québec — Économie', itemCount: 4 });
  });

  it('maps title, link, text, author, date and language', () => {
    const m = r.mentions[0]!;
    expect(m.title).toBe('Brio Télécom : la panne de réseau fâche les clients de Lévis');
    expect(m.url).toBe('https://nouvelles.example.qc.ca/economie/2026/01/05/brio-panne-levis');
    expect(m.text).toBe('Des milliers d’abonnés de Brio Télécom ont été privés d’Internet pendant près de six heures, dimanche.\n« C’est inacceptable », lance François, un commerçant de la rue Bégin, qui estime ses pertes à 1 200 €.');
    expect(m.author).toEqual({ name: 'Geneviève Côté' });
    expect(m.publishedAt).toBe('2026-01-05T14:15:00.000Z');
    expect(m.lang).toBe('fr');
    expect(m.source).toEqual({ kind: 'rss', name: 'test', url: 'https://feeds.example/quebec-economie-cp1252.xml' });
    expect(() => r.mentions.forEach((x) => parseRawMention(x))).not.toThrow();
  });

  it('never leaks script or style text', () => {
    for (const m of r.mentions) expect(m.text).not.toMatch(/trackView|display:none/);
  });

  it('reads escaped HTML with entities and an RSS author e-mail', () => {
    const m = r.mentions[1]!;
    expect(m.text).toBe('Dans le quartier Saint-Roch, les torréfacteurs artisanaux offrent des cartes de fidélité\net des rabais de 10 %. Une stratégie « payante », selon l’association.');
    expect(m.author).toEqual({ name: 'Marc-André Gagnon' });
    expect(m.publishedAt).toBe('2026-01-04T21:40:00.000Z');
  });

  it('handles items without guid and without date', () => {
    const [, , noGuid, noDate] = r.mentions;
    expect(noGuid!.id).toMatch(/^rss:url:[0-9a-f]{40}$/);
    expect(noDate!.publishedAt).toBe('2026-01-05T19:30:00.000Z');
    expect(r.report.undated).toBe(1);
    expect(r.report.withoutGuid).toBe(2);
    expect(r.report.warnings.join('\n')).toMatch(/1 item\(s\) without a usable date: dated with the feed's date/);
  });

  it('gives the same ids on every read, and ids scoped to the feed for guids', () => {
    const again = read('quebec-economie-cp1252.xml', 'application/rss+xml');
    expect(again.mentions.map((m) => m.id)).toEqual(r.mentions.map((m) => m.id));
    const elsewhere = read('quebec-economie-cp1252.xml', 'application/rss+xml', 'https://mirror.example/feed');
    expect(elsewhere.mentions[0]!.id).not.toBe(r.mentions[0]!.id);
    // The canonical link does not depend on the feed: the same article collapses across feeds.
    expect(elsewhere.mentions[2]!.id).toBe(r.mentions[2]!.id);
  });

  it('decodes right whatever the header says about Latin-1', () => {
    const viaHeader = read('quebec-economie-cp1252.xml', 'text/xml; charset=ISO-8859-1');
    expect(viaHeader.decoded).toMatchObject({ encoding: 'windows-1252', detectedBy: 'http-header', declared: 'iso-8859-1' });
    expect(viaHeader.mentions[0]!.text).toContain('1 200 €');
  });
});

describe('Atom', () => {
  const r = read('atom-blog-en.xml', 'application/atom+xml; charset=utf-8');
  it('maps entries with html, xhtml and text content', () => {
    expect(r.report).toMatchObject({ format: 'atom', itemCount: 3, title: 'Northern Commerce Notes' });
    const [a, b, c] = r.mentions;
    expect(a).toMatchObject({
      title: 'Brio Telecom’s outage: what went wrong & what’s next',
      url: 'https://blog.example.com/2026/01/brio-outage',
      text: 'Sunday’s six-hour outage hit roughly 40,000 subscribers.\nCustomers were furious, and the company’s apology came late.',
      publishedAt: '2026-01-05T18:20:00.000Z',
      author: { name: 'Dana Whitfield', url: 'https://blog.example.com/authors/dana' },
      lang: 'en',
    });
    expect(b).toMatchObject({ url: 'https://blog.example.com/2026/01/coffee-loyalty', text: 'Independent cafés in Quebec City\nare winning customers back with great loyalty perks.', publishedAt: '2026-01-04T10:00:00.000Z' });
    expect(c).toMatchObject({ title: 'Nordik: une offre <vraiment> compétitive?', text: 'Le forfait à 45 $ de Nordik est bon marché & simple.\nMais le réseau suit-il ?', lang: 'fr' });
  });
});

describe('RSS 1.0 (RDF) with a byte-order mark', () => {
  const r = read('bom-rdf-fr.xml', 'application/rdf+xml');
  it('strips the BOM and reads items beside the channel', () => {
    expect(r.decoded).toMatchObject({ encoding: 'utf-8', detectedBy: 'bom' });
    expect(r.report).toMatchObject({ format: 'rdf', itemCount: 2 });
    expect(r.mentions[0]).toMatchObject({ title: 'Brio à Paris : déçu par le service client', author: { name: 'chloé_75' }, publishedAt: '2026-01-05T06:42:00.000Z', lang: 'fr' });
    expect(r.mentions[1]!.text).toBe('Ça dépend surtout de la couverture en région ; ç’a été mon critère n° 1.');
    // dated with the channel's dc:date
    expect(r.mentions[1]!.publishedAt).toBe('2026-01-05T07:00:00.000Z');
  });
});

describe('JSON Feed', () => {
  const r = read('json-feed-en.json', 'application/feed+json');
  it('maps html and text content, authors, numeric ids and bad dates', () => {
    expect(r.report).toMatchObject({ format: 'json', version: 'JSON Feed 1.1', itemCount: 3 });
    const [a, b, c] = r.mentions;
    expect(a).toMatchObject({ author: { name: 'Priya Natarajan' }, publishedAt: '2026-01-06T01:10:00.000Z', lang: 'en' });
    expect(a!.text).toBe('The carrier offered a one-month credit.\nReaction on social media was mixed: some praised the gesture, others called it “too little, too late”.');
    expect(b!.text).toBe('Nordik says its 5G network now covers 80% of Moncton. Speeds <of course> vary.');
    expect(b!.id).toBe(feedItemId({ guid: '42' }, 'https://feeds.example/json-feed-en.json'));
    expect(c!.author).toEqual({ name: 'Digest Staff', url: 'https://digest.example.org/about' });
    expect(c!.publishedAt).toBe(fetchedAt);
    expect(r.report.warnings.join('\n')).toMatch(/1 unreadable/);
  });
});

describe('parseFeedDate', () => {
  it('reads RFC 822, RFC 3339, zone names and French dates, always to UTC', () => {
    expect(parseFeedDate('Mon, 05 Jan 2026 09:15:00 -0500')).toBe('2026-01-05T14:15:00.000Z');
    expect(parseFeedDate('Mon, 5 Jan 26 09:15 EDT')).toBe('2026-01-05T13:15:00.000Z');
    expect(parseFeedDate('2026-01-05T09:15:00+01:00')).toBe('2026-01-05T08:15:00.000Z');
    expect(parseFeedDate('2026-01-05 09:15:00')).toBe('2026-01-05T09:15:00.000Z');
    expect(parseFeedDate('lun., 05 janv. 2026 09:15:00 HNE')).toBe('2026-01-05T14:15:00.000Z');
    expect(parseFeedDate('5 août 2025 14h30 +0200')).toBe('2025-08-05T12:30:00.000Z');
    expect(parseFeedDate('sometime')).toBeUndefined();
    expect(parseFeedDate('0001-01-01T00:00:00Z')).toBeUndefined();
  });
});

describe('markup nested too deep', () => {
  const item = (id: string, body: string) => `<item><guid>${id}</guid><link>https://deep.example/${id}</link><description>${body}</description></item>`;
  const nest = (depth: number, text: string) => `${'<span>'.repeat(depth)}${text}${'</span>'.repeat(depth)}`;
  const readXml = (xml: string) => readFeed({ body: Buffer.from(xml), contentType: 'application/rss+xml' }, { feedUrl: 'https://deep.example/feed', fetchedAt });
  const rss = (items: string) => `<rss version="2.0"><channel><title>Deep</title>${items}</channel></rss>`;

  it('beyond the depth cap, the tags are dropped and their text kept', () => {
    const r = readXml(rss(item('a', nest(MAX_XML_DEPTH + 50, 'Acme deep'))));
    expect(r.mentions.map((m) => m.text)).toEqual(['Acme deep']);
    expect(r.report.skipped).toEqual([]);
  });

  it('beyond the open-element cap, that item is refused with the reason and the others still come out', () => {
    const r = readXml(rss(item('before', 'Acme before') + item('deep', nest(MAX_XML_OPEN * 3, 'x')) + item('after', 'Acme after')));
    expect(r.mentions.map((m) => m.text)).toEqual(['Acme before', 'Acme after']);
    expect(r.report.skipped).toEqual([{ index: 1, reason: `markup nested more than ${MAX_XML_OPEN} levels deep` }]);
  });

  it('the same for an Atom entry', () => {
    const entry = (id: string, body: string) => `<entry><id>${id}</id><title>${id}</title><content type="xhtml">${body}</content></entry>`;
    const r = readXml(`<feed xmlns="http://www.w3.org/2005/Atom"><title>Deep</title>${entry('e1', '<p>ok</p>')}${entry('e2', nest(MAX_XML_OPEN * 3, 'x'))}${entry('e3', '<p>ok too</p>')}</feed>`);
    expect(r.mentions.map((m) => m.title)).toEqual(['e1', 'e3']);
    expect(r.report.skipped.map((s) => s.index)).toEqual([1]);
  });

  it('deep outside any item: reading stops there with a warning, the earlier items are kept', () => {
    const r = readXml(`<rss version="2.0"><channel><title>Deep</title>${item('before', 'Acme before')}${nest(MAX_XML_OPEN * 3, 'x')}${item('lost', 'Acme lost')}</channel></rss>`);
    expect(r.mentions.map((m) => m.text)).toEqual(['Acme before']);
    expect(r.report.warnings.join(' ')).toContain(`nested more than ${MAX_XML_OPEN} levels deep outside any item`);
  });
});
