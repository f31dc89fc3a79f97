import { describe, expect, it } from 'vitest';
import { parseRawMention } from '../../core/mention.ts';
import { readFeed } from './read-feed.ts';

const fetchedAt = '2026-12-01T00:00:00.000Z';
const read = (xml: string | Buffer, contentType = 'application/xml') => readFeed({ body: Buffer.isBuffer(xml) ? xml : Buffer.from(xml), contentType }, { feedUrl: 'https://feeds.example/f', fetchedAt });
const one = `<item><title>Un</title><link>https://e.example/1</link><guid>g1</guid><description>Premier article</description></item>`;
const rss = (items: string, attrs = 'version="2.0"') => `<?xml version="1.0"?><rss ${attrs}><channel><title>T</title>${items}</channel></rss>`;

describe('feeds cut off', () => {
  it('keeps every complete item and the readable part of the one cut inside its text, marked with …', () => {
    const r = read(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${one}<item><title>Deux</title><link>https://e.example/2</link><description>Le second est coupé au mil`);
    expect(r.mentions.map((m) => [m.title, m.text])).toEqual([['Un', 'Premier article'], ['Deux', 'Le second est coupé au mil…']]);
    expect(r.report.recovered).toEqual([{ index: 1, reason: 'cut off: its readable part was kept, marked with …' }]);
    expect(r.report.warnings.join('\n')).toMatch(/1 item\(s\) recovered from broken XML/);
    for (const m of r.mentions) expect(() => parseRawMention(m)).not.toThrow();
  });

  it('keeps the readable part of an item cut inside a CDATA section', () => {
    const r = read(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${one}<item><title>Deux</title><guid>g2</guid><description><![CDATA[<p>Du <b>HTML</b> coupé`);
    expect(r.mentions.map((m) => m.text)).toEqual(['Premier article', 'Du HTML coupé…']);
  });

  it('skips an item cut before anything that identifies it (a title cut mid-word)', () => {
    const r = read(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${one}<item><title>Deu`);
    expect(r.mentions.map((m) => m.title)).toEqual(['Un']);
    expect(r.report.skipped).toEqual([{ index: 1, reason: 'item XML is cut off before anything that identifies it' }]);
  });

  it('keeps an Atom entry cut after its title and id', () => {
    const r = read(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id><title>Un</title><summary>Complet</summary></entry><entry><id>urn:2</id><title>Deux</title><summary>Coup`);
    expect(r.mentions.map((m) => m.text)).toEqual(['Complet', 'Coup…']);
  });
});

describe('feeds a strict reader loses', () => {
  it('reads a description whose escaped text starts like a DOCTYPE', () => {
    const r = read(rss(`<item><title>Un</title><guid>g</guid><description>&lt;!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"&gt;&lt;html&gt;&lt;body&gt;&lt;p&gt;Bonjour&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</description></item>`));
    expect(r.mentions.map((m) => m.text)).toEqual(['Bonjour']);
  });

  it('reads an item whose only content is <xhtml:body>', () => {
    const r = read(rss(`<item><xhtml:body><xhtml:p>Seulement du <xhtml:b>XHTML</xhtml:b></xhtml:p></xhtml:body></item>`, 'version="2.0" xmlns:xhtml="http://www.w3.org/1999/xhtml"'));
    expect(r.mentions.map((m) => m.text)).toEqual(['Seulement du XHTML']);
  });

  it('reads RSS 1.0 whose elements carry a prefix instead of the default namespace', () => {
    const r = read(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/" xmlns:dcx="http://purl.org/dc/elements/1.1/"><rss:channel rdf:about="https://e.example/"><rss:title>T</rss:title></rss:channel><rss:item rdf:about="https://e.example/1"><rss:title>Un</rss:title><rss:link>https://e.example/1</rss:link><rss:description>Texte</rss:description><dcx:creator>Zoé</dcx:creator><dcx:date>2026-11-30T10:00:00Z</dcx:date></rss:item></rdf:RDF>`);
    expect(r.report.version).toBe('RSS 1.0 (RDF)');
    expect(r.mentions).toMatchObject([{ title: 'Un', url: 'https://e.example/1', text: 'Texte', author: { name: 'Zoé' }, publishedAt: '2026-11-30T10:00:00.000Z' }]);
  });

  it('reads Atom entries whose link has no href, left open or with the URL as text', () => {
    const r = read(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id><title>Un</title><link rel="alternate" type="text/html"><updated>2026-11-30T10:00:00Z</updated><summary>Premier</summary></entry><entry><id>urn:2</id><title>Deux</title><link>https://e.example/2</link><updated>2026-11-30T11:00:00Z</updated><summary>Second</summary></entry></feed>`);
    expect(r.mentions).toMatchObject([{ title: 'Un', text: 'Premier', publishedAt: '2026-11-30T10:00:00.000Z' }, { title: 'Deux', url: 'https://e.example/2', text: 'Second' }]);
    expect(r.mentions[0]!.url).toBeUndefined();
  });

  it('keeps escaped markup that is the content as text (a feed about HTML)', () => {
    const r = read(rss(`<item><title>La balise du jour</title><guid>g</guid><description>&lt;br /&gt;</description></item>`));
    expect(r.mentions.map((m) => m.text)).toEqual(['<br />']);
    expect(r.report.warnings.join('\n')).toMatch(/content is only markup/);
  });

  it('does not lose a feed with a wrong version, no channel, Atom 0.3, a prefixed root or an unknown root', () => {
    expect(read(rss(one, 'version="3.0"')).mentions).toHaveLength(1);
    const noChannel = read(`<rss version="2.0"><title>T</title>${one}</rss>`);
    expect(noChannel.mentions.map((m) => m.title)).toEqual(['Un']);
    expect(noChannel.report.warnings.join('\n')).toMatch(/without a <channel>/);
    const atom03 = read(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title><entry><id>urn:1</id><title>Un</title><link rel="alternate" type="text/html" href="https://e.example/1"/><issued>2026-11-30T10:00:00Z</issued><content type="text/html" mode="escaped">&lt;p&gt;Salut&lt;/p&gt;</content></entry></feed>`);
    expect(atom03.report.version).toBe('Atom 0.3');
    expect(atom03.mentions).toMatchObject([{ title: 'Un', url: 'https://e.example/1', text: 'Salut', publishedAt: '2026-11-30T10:00:00.000Z' }]);
    expect(read(`<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>T</a:title><a:entry><a:id>urn:1</a:id><a:title>Un</a:title><a:link href="https://e.example/1"/></a:entry></a:feed>`).mentions).toMatchObject([{ title: 'Un', url: 'https://e.example/1' }]);
    const wrapped = read(`<export><news>${one}</news></export>`);
    expect(wrapped.mentions.map((m) => m.title)).toEqual(['Un']);
    expect(wrapped.report.warnings.join('\n')).toMatch(/root element <export> is not rss.*read as RSS/);
  });

  it('does not fail a feed over an encoding label no decoder knows', () => {
    for (const label of ['utf-32', 'x-unknown', 'EBCDIC-CP-US', 'utf8mb4']) {
      const r = read(`<?xml version="1.0" encoding="${label}"?>${rss(one).replace('<?xml version="1.0"?>', '')}`);
      expect(r.mentions.map((m) => m.title), label).toEqual(['Un']);
      expect(r.report.warnings[0], label).toMatch(/unusable encoding label/);
    }
  });

  it('still says an HTML page is not a feed', () => {
    expect(() => read('<!doctype html><html><body><p>Bonjour</p></body></html>', 'text/html')).toThrow(/HTML page/);
  });
});

describe('what feedparser\'s test suite found missing', () => {
  it('reads an <rss> with nothing in it as an empty feed, with a warning', () => {
    const r = read('<?xml version="1.0" encoding="big5"?>\n<rss>\n</rss>');
    expect(r.mentions).toEqual([]);
    expect(r.decoded.encoding).toBe('big5');
    expect(r.report.warnings.join('\n')).toMatch(/without a <channel> and without <item> elements: read as an empty feed/);
  });

  it('decodes Atom base64 content (Atom 0.3 mode="base64", Atom 1.0 non-text media types), text only', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const atom03 = read(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><id>urn:1</id><title mode="base64">${b64('Un <b>titre</b>')}</title><content type="text/html" mode="base64">${b64('<p>Du <b>HTML</b> encodé</p>')}</content></entry></feed>`);
    expect(atom03.mentions).toMatchObject([{ title: 'Un <b>titre</b>', text: 'Du HTML encodé' }]);
    const atom10 = read(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:1</id><title>Un</title><content type="application/octet-stream">${b64('Texte brut')}</content></entry></feed>`);
    expect(atom10.mentions[0]!.text).toBe('Texte brut');
    // A picture in base64 is not text: the title stands in.
    const png = read(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:1</id><title>Photo</title><content type="image/png">${Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]).toString('base64')}</content></entry></feed>`);
    expect(png.mentions[0]!.text).toBe('Photo');
  });

  it('reads Atom 0.3 inline XHTML (type="application/xhtml+xml", mode="xml") as markup, script and escaped tags included', () => {
    const r = read(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title type="application/xhtml+xml" mode="xml"><div xmlns="http://www.w3.org/1999/xhtml">Le &lt;blink&gt; oublié</div></title><entry><id>urn:1</id><title type="application/xhtml+xml" mode="xml">&#x41;</title><content type="application/xhtml+xml" mode="xml"><div xmlns="http://www.w3.org/1999/xhtml">sûr<script type="text/javascript">location.href='x';</script> texte</div></content></entry></feed>`);
    expect(r.report.title).toBe('Le <blink> oublié');
    expect(r.mentions).toMatchObject([{ title: 'A', text: 'sûr texte' }]);
  });

  it('takes Dublin Core, iTunes and Media RSS fields when the RSS ones are missing', () => {
    const r = read(`<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dcterms="http://purl.org/dc/terms/"><channel><dc:title>Canal</dc:title>
      <item><dc:title>Un</dc:title><dc:description>Résumé DC</dc:description><dcterms:issued>2026-11-30T10:00:00Z</dcterms:issued><itunes:author>Ann</itunes:author><guid>g1</guid></item>
      <item><media:title>Deux</media:title><itunes:summary>Résumé balado</itunes:summary><guid>g2</guid></item>
      <item><title>Trois</title><fullitem>&lt;p&gt;Article complet&lt;/p&gt;</fullitem></item></channel></rss>`);
    expect(r.report.title).toBe('Canal');
    expect(r.mentions).toMatchObject([
      { title: 'Un', text: 'Résumé DC', publishedAt: '2026-11-30T10:00:00.000Z', author: { name: 'Ann' } },
      { title: 'Deux', text: 'Résumé balado' },
      { title: 'Trois', text: 'Article complet' },
    ]);
  });
});

describe('JSON Feed cut off', () => {
  const item = (n: number) => ({ id: `j${n}`, url: `https://e.example/${n}`, title: `Titre ${n}`, content_html: `<p>Texte ${n}, déjà lu</p>`, date_published: '2026-11-30T10:00:00Z' });
  const doc = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Flux', items: [item(1), item(2), item(3)] });
  const json = (s: string) => read(s, 'application/feed+json');

  it('keeps every complete item and the readable part of the cut one, marked with …', () => {
    const cutAt = doc.indexOf('déjà lu', doc.indexOf('Texte 3')) + 2;
    const r = json(doc.slice(0, cutAt));
    expect(r.mentions.map((m) => [m.title, m.text])).toEqual([['Titre 1', 'Texte 1, déjà lu'], ['Titre 2', 'Texte 2, déjà lu'], ['Titre 3', 'Texte 3, dé…']]);
    expect(r.report.recovered).toEqual([{ index: 2, reason: 'cut off: its readable part was kept, marked with …' }]);
    expect(r.report.warnings.join('\n')).toMatch(/cut off or broken after 2 complete item\(s\)/);
    for (const m of r.mentions) expect(() => parseRawMention(m)).not.toThrow();
  });

  it('cut anywhere, never loses a complete item nor keeps a cut URL', () => {
    for (let at = doc.indexOf('"items"') + 10; at < doc.length - 2; at += 7) {
      const r = json(doc.slice(0, at));
      const whole = [1, 2, 3].filter((n) => doc.indexOf(JSON.stringify(item(n))) + JSON.stringify(item(n)).length <= at).length;
      expect(r.mentions.length, `cut at ${at}`).toBeGreaterThanOrEqual(whole);
      r.mentions.slice(0, whole).forEach((m, i) => expect(m).toMatchObject({ title: `Titre ${i + 1}`, url: `https://e.example/${i + 1}`, text: `Texte ${i + 1}, déjà lu` }));
      for (const m of r.mentions) if (m.url) expect(m.url).toMatch(/^https:\/\/e\.example\/\d$/);
    }
  });

  it('still fails JSON that is broken before its items, with the reason', () => {
    expect(() => json('{"version": "https://jsonfeed.org/version/1.1", "title": "Fl')).toThrow(/invalid JSON/);
  });
});
