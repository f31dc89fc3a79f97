import iconv from 'iconv-lite';

/** Which rule chose the encoding, in the order they are tried. */
export type EncodingRule = 'bom' | 'http-header' | 'xml-declaration' | 'sniffed';

export interface DecodedText {
  text: string;
  /** Canonical name of the encoding used (`utf-8`, `windows-1252`, `utf-16le`...). */
  encoding: string;
  detectedBy: EncodingRule;
  /** The label as the source wrote it, when it differs from `encoding` (`iso-8859-1`). */
  declared?: string;
  /** Something odd that was worked around (unknown label, header contradicted by the bytes). */
  warning?: string;
}

/**
 * Labels browsers treat as another encoding (WHATWG Encoding Standard): feeds labelled Latin-1
 * are in practice Windows-1252, and decoding them as strict ISO-8859-1 turns ’ € « » into C1
 * control characters.
 */
const ALIASES: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  l1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  cp1252: 'windows-1252',
  'x-cp1252': 'windows-1252',
  'cp819': 'windows-1252',
  'ibm819': 'windows-1252',
  'iso-ir-100': 'windows-1252',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'iso-8859-9': 'windows-1254',
  'iso-8859-11': 'windows-874',
  'utf-16': 'utf-16le',
};

/** Normalises an encoding label; undefined when iconv-lite does not know it. */
export function normalizeEncoding(label: string): string | undefined {
  const l = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (!l) return undefined;
  const name = ALIASES[l] ?? l;
  return iconv.encodingExists(name) ? name : undefined;
}

function bomEncoding(buf: Buffer): { encoding: string; length: number } | undefined {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** The `charset` parameter of a Content-Type header. */
export function contentTypeCharset(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return m?.[2];
}

/** The `encoding` of an XML declaration, read as ASCII from the first bytes. */
export function xmlDeclarationEncoding(buf: Buffer): string | undefined {
  const head = buf.subarray(0, 1024).toString('latin1');
  const m = /<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1];
}

/** True when the bytes are well-formed UTF-8. */
export function isValidUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes a response body to a string. The encoding is taken from, in order: a byte-order mark,
 * the HTTP Content-Type charset, the XML declaration, then sniffing (valid UTF-8, else
 * Windows-1252). A declared UTF-8 that the bytes contradict falls through to the next rules, as
 * mislabelled Latin-1 feeds are common. The result says which rule decided.
 */
export function decodeBody(buf: Buffer, contentType?: string): DecodedText {
  const bom = bomEncoding(buf);
  if (bom) return { text: iconv.decode(buf.subarray(bom.length), bom.encoding), encoding: bom.encoding, detectedBy: 'bom' };

  const warnings: string[] = [];
  const candidates: Array<[EncodingRule, string | undefined]> = [
    ['http-header', contentTypeCharset(contentType)],
    ['xml-declaration', xmlDeclarationEncoding(buf)],
  ];
  for (const [rule, label] of candidates) {
    if (!label) continue;
    const encoding = normalizeEncoding(label);
    if (!encoding) {
      warnings.push(`unknown encoding ${JSON.stringify(label)} in ${rule === 'http-header' ? 'Content-Type' : 'the XML declaration'}`);
      continue;
    }
    if (encoding === 'utf-8' && !isValidUtf8(buf)) {
      warnings.push(`${rule === 'http-header' ? 'Content-Type' : 'the XML declaration'} says UTF-8 but the body is not valid UTF-8`);
      continue;
    }
    // UTF-16 without a BOM is declared in ASCII only if the bytes are not UTF-16: trust the bytes.
    if (encoding.startsWith('utf-16') && buf.length >= 2 && buf[0] !== 0 && buf[1] !== 0) continue;
    const declared = label.toLowerCase() !== encoding ? label.toLowerCase() : undefined;
    return { text: iconv.decode(buf, encoding), encoding, detectedBy: rule, ...(declared ? { declared } : {}), ...(warnings.length ? { warning: warnings.join('; ') } : {}) };
  }
  const encoding = isValidUtf8(buf) ? 'utf-8' : 'windows-1252';
  return { text: iconv.decode(buf, encoding), encoding, detectedBy: 'sniffed', ...(warnings.length ? { warning: warnings.join('; ') } : {}) };
}

/**
 * Removes anything before the first `<` (stray whitespace, a BOM decoded as text, PHP notices),
 * which makes strict XML parsers reject otherwise good feeds.
 */
export function stripLeadingJunk(xml: string): string {
  const i = xml.indexOf('<');
  return i > 0 ? xml.slice(i) : i < 0 ? xml.trim() : xml;
}
