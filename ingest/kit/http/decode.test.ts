import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody, normalizeEncoding, stripLeadingJunk } from './decode.ts';
import { decodeEbcdic } from './ebcdic.ts';

/** ASCII text in cp037, through the decoding table itself (the test needs no second table). */
function encodeCp037(s: string): Buffer {
  const table = decodeEbcdic(Uint8Array.from({ length: 256 }, (_, i) => i), 'cp037');
  return Buffer.from([...s].map((c) => table.indexOf(c)));
}

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

describe('decodeBody: WHATWG labels, verification, detection', () => {
  const body = (title: string, decl?: string, lang?: string) =>
    `<?xml version="1.0"${decl ? ` encoding="${decl}"` : ''}?><rss><channel>${lang ? `<language>${lang}</language>` : ''}<item><title>${title}</title><description>${title}</description></item></channel></rss>`;

  it('follows the WHATWG table: latin1, ascii and iso-8859-1 are Windows-1252, gb2312 is GBK, sjis is Shift_JIS', () => {
    expect(['latin1', 'ASCII', 'iso_8859-1', ' ISO-8859-1 ', '"cp819"'].map(normalizeEncoding)).toEqual(Array(5).fill('windows-1252'));
    expect(normalizeEncoding('GB2312')).toBe('gbk');
    expect(normalizeEncoding('sjis')).toBe('shift_jis');
    expect(normalizeEncoding('tis-620')).toBe('windows-874');
    for (const unusable of ['utf-32', 'utf8mb4', 'iso-2022-kr', 'ebcdic-cp-us', '']) expect(normalizeEncoding(unusable), unusable).toBeUndefined();
    // Node 20's TextDecoder reads windows-1252 as Latin-1: the table must not.
    expect(decodeBody(Buffer.from([0x3c, 0x61, 0x3e, 0x92, 0x80, 0x93]), 'text/xml; charset=windows-1252').text).toBe('<a>’€“');
  });

  it('replaces an invalid byte of a UTF-8 feed in place, without re-decoding the rest', () => {
    const good = Buffer.from(body('Québec, Montréal et Lévis — 東京'), 'utf8');
    const at = good.indexOf(Buffer.from('東', 'utf8'));
    const cut = Buffer.concat([good.subarray(0, at + 2), good.subarray(at + 3)]);
    const d = decodeBody(cut, 'text/xml; charset=utf-8');
    expect(d).toMatchObject({ encoding: 'utf-8', detectedBy: 'http-header', replaced: 1, recovered: 0 });
    expect(d.text).toContain('<title>Québec, Montréal et Lévis — \uFFFD京</title><description>Québec, Montréal et Lévis — 東京</description>');
    expect(d.warning).toMatch(/1 invalid UTF-8 sequence/);
  });

  it('reads a stray Windows-1252 byte in a UTF-8 feed as the letter meant, unless the feed uses it as a UTF-8 lead', () => {
    const [head, tail] = body('l’été à Montréal — Qu#bec').split('#') as [string, string];
    const mixed = Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from([0xe9]), Buffer.from(tail, 'utf8')]);
    const d = decodeBody(mixed, 'application/xml');
    expect(d).toMatchObject({ encoding: 'utf-8', recovered: 1, replaced: 0 });
    expect(d.text).toContain('Québec');
    // 0xC3 is the lead byte of é in this feed: alone, it is a cut character.
    const [h2, t2] = body('Montréal #x').split('#') as [string, string];
    const cut = Buffer.concat([Buffer.from(h2, 'utf8'), Buffer.from([0xc3]), Buffer.from(t2, 'utf8')]);
    expect(decodeBody(cut, 'application/xml').text).toContain('Montréal \uFFFDx');
  });

  it('detects legacy encodings without a declaration, and overrules a declaration the text contradicts', () => {
    const cases: Array<[string, string]> = [['Привет, как дела? Сегодня хорошая погода в Москве.', 'koi8-r'], ['Привет, как дела? Сегодня хорошая погода в Москве.', 'windows-1251'], ['東京で新しいカフェが開店しました。', 'shift_jis'], ['東京で新しいカフェが開店しました。', 'euc-jp'], ['서울에 새로운 카페가 문을 열었습니다', 'euc-kr'], ['北京开了一家新咖啡馆，提供本地烘焙的咖啡。', 'gbk'], ['臺北開了一家新咖啡館，提供本地烘焙的咖啡。', 'big5'], ['בית קפה חדש נפתח בתל אביב', 'windows-1255'], ['ร้านกาแฟใหม่เปิดที่กรุงเทพฯ', 'windows-874']];
    for (const [text, enc] of cases) {
      const undeclared = decodeBody(iconv.encode(body(text), enc));
      expect(undeclared.text, enc).toContain(text);
      expect(undeclared.detectedBy).toBe('sniffed');
      const wrong = decodeBody(iconv.encode(body(text, 'iso-8859-1'), enc), 'text/xml');
      expect(wrong.text, `${enc} declared iso-8859-1`).toContain(text);
      expect(wrong.warning).toMatch(/does not read as windows-1252/);
    }
  });

  it('keeps a plausible declaration over the detector, and takes ISO-8859-15 for a € served as ISO-8859-1', () => {
    const fr = iconv.encode(body('Le prix du café a bondi : 15 € de plus, dit la Société.', 'iso-8859-1'), 'iso-8859-15');
    const d = decodeBody(fr, 'text/xml');
    expect(d.encoding).toBe('iso-8859-15');
    expect(d.text).toContain('15 € de plus');
    const is = decodeBody(iconv.encode(body('Þetta er frétt frá Reykjavík; veðrið er gott.', 'windows-1252'), 'windows-1252'));
    expect(is).toMatchObject({ encoding: 'windows-1252', detectedBy: 'xml-declaration' });
  });

  it('reads UTF-16 without a byte-order mark, and ignores a UTF-16 label on ASCII-compatible bytes', () => {
    expect(decodeBody(iconv.encode(body('Québec', 'utf-16'), 'utf-16le')).text).toContain('Québec');
    const d = decodeBody(Buffer.from(body('Québec', 'UTF-16'), 'utf8'));
    expect(d).toMatchObject({ encoding: 'utf-8' });
    expect(d.warning).toMatch(/not UTF-16/);
  });

  it('uses the feed\'s declared language to read even a two-character title', () => {
    const cases: Array<[string, string, string]> = [['Café', 'windows-1252', 'fr'], ['東京', 'shift_jis', 'ja'], ['서울', 'euc-kr', 'ko'], ['北京', 'gbk', 'zh-CN'], ['臺北', 'big5', 'zh-TW'], ['שלום', 'windows-1255', 'he'], ['สวัสดี', 'windows-874', 'th'], ['Ελλάδα', 'windows-1253', 'el'], ['Łódź', 'windows-1250', 'pl'], ['İstanbul ağır', 'windows-1254', 'tr']];
    for (const [text, enc, lang] of cases) expect(decodeBody(iconv.encode(body(text, undefined, lang), enc)).text, enc).toContain(text);
  });

  it('takes DOS and IBM code pages iconv-lite knows, and keeps a declaration the text is too short to overrule', () => {
    const x80 = (label: string) => Buffer.concat([Buffer.from(`<?xml version="1.0" encoding="${label}"?><feed><title>`), Buffer.from([0x80]), Buffer.from('</title></feed>')]);
    expect(decodeBody(x80('cp437'))).toMatchObject({ encoding: 'iconv:cp437', detectedBy: 'xml-declaration' });
    expect(decodeBody(x80('cp437')).text).toContain('<title>Ç</title>');
    expect(decodeBody(x80('koi8-r')).text).toContain('<title>─</title>');
    expect(decodeBody(x80('macintosh')).text).toContain('<title>Ä</title>');
    // Python's names for code pages iconv-lite calls otherwise; cp864 has its own `%` but ASCII markup.
    expect(decodeBody(x80('maclatin2')).text).toContain('<title>Ä</title>');
    expect(decodeBody(x80('cp_is')).text).toContain('<title>Ç</title>');
    expect(decodeBody(x80('cp864')).text).toContain('<title>°</title>');
    // A UTF-32 or EBCDIC label on ASCII bytes stays unusable: a wrong one would garble every byte.
    expect(decodeBody(x80('utf-32')).warning).toMatch(/unusable encoding label "utf-32"/);
    expect(decodeBody(x80('cp037')).warning).toMatch(/unusable encoding label "cp037"/);
  });

  it('reads UTF-32 by its byte-order mark or its zero bytes around "<"', () => {
    const utf32 = (s: string, le: boolean) => {
      const b = Buffer.alloc([...s].length * 4);
      [...s].forEach((c, i) => (le ? b.writeUInt32LE(c.codePointAt(0)!, i * 4) : b.writeUInt32BE(c.codePointAt(0)!, i * 4)));
      return b;
    };
    const doc = body('Québec 𝄞', 'utf-32');
    expect(decodeBody(Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32(doc, false)]))).toMatchObject({ encoding: 'utf-32be', detectedBy: 'bom' });
    expect(decodeBody(Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(doc, true)])).text).toContain('Québec 𝄞');
    expect(decodeBody(utf32(doc, true))).toMatchObject({ encoding: 'utf-32le', detectedBy: 'sniffed' });
    expect(decodeBody(utf32(doc, false)).text).toContain('Québec 𝄞');
  });

  it('reads EBCDIC feeds by their `<?xm` in EBCDIC and the code page they declare', () => {
    // "<?xml version="1.0" encoding="cp037"?><title>" in cp037, then 0x80 (Ø in cp037) and 0x9F (¤; € in cp1140).
    const ebcdic = (label: string) => Buffer.concat([encodeCp037(`<?xml version="1.0" encoding="${label}"?><title>`), Buffer.from([0x80, 0x9f]), encodeCp037('</title>')]);
    expect(decodeBody(ebcdic('cp037'))).toMatchObject({ encoding: 'cp037', detectedBy: 'xml-declaration' });
    expect(decodeBody(ebcdic('cp037')).text).toBe('<?xml version="1.0" encoding="cp037"?><title>Ø¤</title>');
    expect(decodeBody(ebcdic('ebcdic-cp-us')).text).toContain('<title>Ø¤</title>');
    expect(decodeBody(ebcdic('ibm1140')).text).toContain('<title>Ø€</title>');
    expect(decodeBody(ebcdic('cp875'))).toMatchObject({ encoding: 'cp875' });
    expect(decodeBody(ebcdic('x-ebcdic-unknown'))).toMatchObject({ encoding: 'cp037', warning: expect.stringMatching(/unknown EBCDIC encoding label/) });
  });
});

describe('short texts without a declaration or a language', () => {
  const feed = (title: string, enc: string) => Buffer.concat([Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><item><title>'), iconv.encode(title, enc), Buffer.from('</title><guid>1</guid></item></channel></rss>')]);

  it('reads a few words in the usual encoding of their script, where ties used to go to rarer ones', () => {
    // Korean words with spaces are not Japanese kanji; KOI8-R lowercase is not windows-1251 capitals.
    for (const [title, enc] of [['아홉 시까지', 'euc-kr'], ['도서관 이', 'euc-kr'], ['выхода', 'koi8-r'], ['площади', 'koi8-r'], ['по', 'windows-1251'], ['舞蹈，', 'gbk'], ['Québec', 'windows-1252'], ['Œuvres 15 €', 'iso-8859-15']] as const) {
      expect(decodeBody(feed(title, enc)).text, `${title} in ${enc}`).toContain(`<title>${title}</title>`);
    }
  });

  it('does not read Mac Roman accents as Shift_JIS squared symbols or ideographs glued to a word', () => {
    for (const title of ['más', 'orgán', 'Japón']) expect(decodeBody(feed(title, 'macintosh')).text, title).not.toMatch(/[\u3300-\u33ff\u4e00-\u9fff]/);
  });
});
