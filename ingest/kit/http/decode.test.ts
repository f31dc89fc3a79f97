import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody, normalizeEncoding, stripLeadingJunk } from './decode.ts';

const sample = 'Québec, ça « marche » l’été : 12 € — déjà!';
const xml = (enc?: string) => `<?xml version="1.0"${enc ? ` encoding="${enc}"` : ''}?><rss><channel><title>${sample}</title></channel></rss>`;

describe('decodeBody', () => {
  it('uses a UTF-8 byte-order mark first, and removes it', () => {
    const buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml('ISO-8859-1'), 'utf8')]);
    const d = decodeBody(buf, 'text/xml; charset=windows-1252');
    expect(d).toMatchObject({ encoding: 'utf-8', detectedBy: 'bom' });
    expect(d.text.startsWith('<?xml')).toBe(true);
    expect(d.text).toContain(sample);
  });

  it('decodes UTF-16LE and UTF-16BE with their BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(xml('UTF-16'), 'utf-16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(xml('UTF-16'), 'utf-16be')]);
    expect(decodeBody(le)).toMatchObject({ encoding: 'utf-16le', detectedBy: 'bom' });
    expect(decodeBody(le).text).toContain(sample);
    expect(decodeBody(be)).toMatchObject({ encoding: 'utf-16be', detectedBy: 'bom' });
    expect(decodeBody(be).text).toContain(sample);
  });

  it('decodes ISO-8859-1 declared in the header as Windows-1252, so ’ and € survive', () => {
    const buf = iconv.encode(xml(), 'windows-1252');
    const d = decodeBody(buf, 'application/rss+xml; charset="ISO-8859-1"');
    expect(d).toMatchObject({ encoding: 'windows-1252', detectedBy: 'http-header', declared: 'iso-8859-1' });
    expect(d.text).toContain(sample);
  });

  it('uses the XML declaration when the header has no charset', () => {
    const buf = iconv.encode(xml('ISO-8859-1'), 'windows-1252');
    const d = decodeBody(buf, 'text/xml');
    expect(d).toMatchObject({ encoding: 'windows-1252', detectedBy: 'xml-declaration', declared: 'iso-8859-1' });
    expect(d.text).toContain(sample);
    expect(decodeBody(iconv.encode(xml('windows-1252'), 'windows-1252')).text).toContain(sample);
  });

  it('prefers the header over the XML declaration', () => {
    const buf = Buffer.from(xml('ISO-8859-1'), 'utf8');
    const d = decodeBody(buf, 'text/xml; charset=utf-8');
    expect(d).toMatchObject({ encoding: 'utf-8', detectedBy: 'http-header' });
    expect(d.text).toContain(sample);
  });

  it('sniffs valid UTF-8, else Windows-1252, when nothing is declared', () => {
    expect(decodeBody(Buffer.from(xml(), 'utf8'))).toMatchObject({ encoding: 'utf-8', detectedBy: 'sniffed' });
    const cp = decodeBody(iconv.encode(xml(), 'windows-1252'));
    expect(cp).toMatchObject({ encoding: 'windows-1252', detectedBy: 'sniffed' });
    expect(cp.text).toContain(sample);
  });

  it('does not trust a UTF-8 label contradicted by the bytes', () => {
    const d = decodeBody(iconv.encode(xml('windows-1252'), 'windows-1252'), 'text/xml; charset=utf-8');
    expect(d).toMatchObject({ encoding: 'windows-1252', detectedBy: 'xml-declaration' });
    expect(d.warning).toMatch(/not valid UTF-8/);
    expect(d.text).toContain(sample);
  });

  it('reports an unknown label and falls back', () => {
    const d = decodeBody(Buffer.from(xml('x-klingon'), 'utf8'));
    expect(d).toMatchObject({ encoding: 'utf-8', detectedBy: 'sniffed' });
    expect(d.warning).toContain('x-klingon');
  });
});

describe('normalizeEncoding and stripLeadingJunk', () => {
  it('maps Latin-1 labels to windows-1252', () => {
    expect(normalizeEncoding('Latin1')).toBe('windows-1252');
    expect(normalizeEncoding('US-ASCII')).toBe('windows-1252');
    expect(normalizeEncoding('UTF8')).toBe('utf-8');
    expect(normalizeEncoding('nope')).toBeUndefined();
  });
  it('drops anything before the first <', () => {
    expect(stripLeadingJunk('\n\n  Notice: x\n<?xml version="1.0"?><rss/>')).toBe('<?xml version="1.0"?><rss/>');
    expect(stripLeadingJunk('<rss/>')).toBe('<rss/>');
  });
});
