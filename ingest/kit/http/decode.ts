import { decodeAs, encodingForLabel, isSingleByte, legacyCodePage } from './encoding-labels.ts';
import { plausibility } from '../text/plausibility.ts';
import { detectEncoding, highBytes, sampleOf, scoreReading, type Reading } from './detect-encoding.ts';
import { decodeUtf8Lenient, scanUtf8 } from './utf8.ts';
import { decodeEbcdic, ebcdicPage, isEbcdic } from './ebcdic.ts';

/** Which rule chose the encoding. */
export type EncodingRule = 'bom' | 'http-header' | 'xml-declaration' | 'meta' | 'sniffed';

export interface DecodedText {
  text: string;
  /** WHATWG name of the encoding used (`utf-8`, `windows-1252`, `shift_jis`...). */
  encoding: string;
  detectedBy: EncodingRule;
  /** The label as the source wrote it, when it differs from `encoding` (`iso-8859-1`). */
  declared?: string;
  /** Why this encoding, in a sentence (shown by `vigie sources test`). */
  reason: string;
  /** Something odd that was worked around (unusable label, a declaration the bytes contradict). */
  warning?: string;
  /** Invalid UTF-8 sequences replaced by U+FFFD where they were. */
  replaced?: number;
  /** Stray single bytes in a UTF-8 feed read as the Windows-1252 letter or quote they stand for. */
  recovered?: number;
  /** The detector's best readings, when it ran (encoding and cost per non-ASCII byte). */
  candidates?: Reading[];
}

/** Cost per non-ASCII byte under which a declared single-byte encoding is taken as right. */
export const PLAUSIBLE_COST = 0.6;
/** Non-ASCII bytes under which the text cannot overrule a declaration that decodes. */
export const MIN_EVIDENCE_BYTES = 6;
/** How much better the detector's reading must be to overrule a declaration. */
export const OVERRULE_MARGIN = 0.5;

const WHERE: Record<Exclude<EncodingRule, 'bom' | 'sniffed'>, string> = {
  'http-header': 'the Content-Type header',
  'xml-declaration': 'the XML declaration',
  meta: 'the <meta> charset',
};

function bomEncoding(buf: Buffer): { encoding: string; length: number } | undefined {
  // UTF-32 first: its little-endian BOM starts like UTF-16LE's.
  if (buf.length >= 4 && buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0) return { encoding: 'utf-32le', length: 4 };
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** UTF-16 or UTF-32 without a BOM shows itself by the zero bytes around `<`. */
function utf16Pattern(buf: Buffer): string | undefined {
  if (buf.length < 4) return undefined;
  if (buf[0] === 0 && buf[1] === 0 && buf[2] === 0 && buf[3] === 0x3c) return 'utf-32be';
  if (buf[0] === 0x3c && buf[1] === 0 && buf[2] === 0 && buf[3] === 0) return 'utf-32le';
  if (buf[0] === 0x3c && buf[1] === 0 && buf[2] !== 0 && buf[3] === 0) return 'utf-16le';
  if (buf[0] === 0 && buf[1] === 0x3c && buf[2] === 0 && buf[3] !== 0) return 'utf-16be';
  return undefined;
}

/** The `charset` parameter of a Content-Type header. */
export function contentTypeCharset(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

/** The `encoding` of an XML declaration, read as ASCII from the first bytes. */
export function xmlDeclarationEncoding(buf: Buffer): string | undefined {
  const head = buf.subarray(0, 1024).toString('latin1');
  const m = /^\s*<\?xml[^>]*?\bencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(head);
  return m?.[1] ?? m?.[2];
}

/** `<meta charset>` or `<meta http-equiv="Content-Type" content="...; charset=">` in an HTML page. */
function metaCharset(buf: Buffer): string | undefined {
  const head = buf.subarray(0, 4096).toString('latin1');
  if (!/<html[\s>]|<!doctype html/i.test(head)) return undefined;
  return /<meta[^>]+charset\s*=\s*["']?([^"'\s;/>]+)/i.exec(head)?.[1];
}

/** The language a feed declares, read as ASCII: narrows the encodings worth trying. */
export function declaredLanguage(buf: Buffer): string | undefined {
  const head = buf.subarray(0, 8192).toString('latin1');
  const m = /<(?:dc:)?language>\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\s*</i.exec(head) ?? /\bxml:lang\s*=\s*["']([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)["']/.exec(head);
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

/** Normalises an encoding label to its WHATWG name; undefined when the label is unusable. */
export function normalizeEncoding(label: string): string | undefined {
  const e = encodingForLabel(label);
  return e && e !== 'replacement' ? e : undefined;
}

interface Declaration {
  rule: Exclude<EncodingRule, 'bom' | 'sniffed'>;
  label: string;
  encoding: string;
}

const labelNote = (d: Pick<Declaration, 'label' | 'encoding'>) => (d.label.trim().toLowerCase() !== d.encoding ? d.label.trim().toLowerCase() : undefined);

/**
 * Decodes a response body to a string.
 *
 * A byte-order mark decides alone. Otherwise the declarations (HTTP charset, XML declaration,
 * HTML `<meta>`) are read through the WHATWG label table; an unusable one is reported and
 * ignored. Bytes that are valid UTF-8 with non-ASCII characters are UTF-8 whatever the labels
 * say (legacy text is almost never valid UTF-8 by chance). A declared encoding is then verified:
 * a multi-byte one must decode strictly, a single-byte one must read plausibly; when it fails,
 * or the declarations disagree, or there is none, the detector ranks the encodings the bytes can
 * be in, limited to those written for the feed's declared language. A UTF-8 feed with a few bad
 * bytes keeps UTF-8: each bad sequence becomes U+FFFD where it was (or the Windows-1252 letter a
 * lone byte stands for), never a re-decoding of the whole feed.
 */
export function decodeBody(buf: Buffer, contentType?: string): DecodedText {
  const bom = bomEncoding(buf);
  if (bom) return { text: decodeUnicode(buf.subarray(bom.length), bom.encoding), encoding: bom.encoding, detectedBy: 'bom', reason: 'byte-order mark' };
  const utf16 = utf16Pattern(buf);
  if (utf16) return { text: decodeUnicode(buf, utf16), encoding: utf16, detectedBy: 'sniffed', reason: `${utf16.slice(0, 6).toUpperCase()} byte pattern (zero bytes around "<")` };
  if (isEbcdic(buf)) return decodeEbcdicFeed(buf);

  const warnings: string[] = [];
  const declarations: Declaration[] = [];
  const raw: Array<[Declaration['rule'], string | undefined]> = [
    ['http-header', contentTypeCharset(contentType)],
    ['xml-declaration', xmlDeclarationEncoding(buf)],
    ['meta', metaCharset(buf)],
  ];
  for (const [rule, label] of raw) {
    if (label === undefined) continue;
    const encoding = normalizeEncoding(label) ?? legacyCodePage(label);
    if (!encoding) warnings.push(`unusable encoding label ${JSON.stringify(label)} in ${WHERE[rule]}: ignored`);
    // A UTF-16 label on bytes with no zero bytes around "<" was written before a re-encoding.
    else if (encoding.startsWith('utf-16')) warnings.push(`${WHERE[rule]} says ${label} but the bytes are not UTF-16: ignored`);
    else declarations.push({ rule, label, encoding });
  }
  const finish = (d: Omit<DecodedText, 'warning'>): DecodedText => (warnings.length ? { ...d, warning: warnings.join('; ') } : d);
  const first = declarations[0];
  const disagree = declarations.some((d) => d.encoding !== first?.encoding);

  const scan = scanUtf8(buf);
  if (scan.multibyte === 0 && scan.invalid === 0) {
    // Pure ASCII: every ASCII-compatible encoding reads it the same.
    const encoding = first && !['utf-8'].includes(first.encoding) && (isSingleByte(first.encoding) || first.encoding !== 'iso-2022-jp') ? first.encoding : 'utf-8';
    const declared = first ? labelNote(first) : undefined;
    return finish({ text: buf.toString('latin1'), encoding, detectedBy: first?.rule ?? 'sniffed', reason: first ? `${WHERE[first.rule]} (the text is plain ASCII)` : 'plain ASCII', ...(declared ? { declared } : {}) });
  }
  const utf8Decl = declarations.find((d) => d.encoding === 'utf-8');
  if (scan.invalid === 0) {
    const others = declarations.filter((d) => d.encoding !== 'utf-8');
    for (const d of others) warnings.push(`${WHERE[d.rule]} says ${d.label} but the bytes are valid UTF-8: read as UTF-8`);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(buf);
    return finish({ text, encoding: 'utf-8', detectedBy: utf8Decl?.rule ?? 'sniffed', reason: utf8Decl ? WHERE[utf8Decl.rule] : 'the bytes are valid UTF-8' });
  }
  // Mostly UTF-8 with a few bad bytes (a pasted fragment, a cut character): keep UTF-8.
  const mostlyUtf8 = scan.multibyte > 0 && scan.multibyte >= scan.invalid * (utf8Decl ? 1 : 3);
  if (mostlyUtf8 && (utf8Decl || !first)) {
    const { text, replaced, recovered } = decodeUtf8Lenient(buf, scan.leads);
    warnings.push(`${scan.invalid} invalid UTF-8 sequence(s) among ${scan.multibyte} valid ones: ${replaced ? `${replaced} replaced by U+FFFD in place` : ''}${replaced && recovered ? ', ' : ''}${recovered ? `${recovered} stray byte(s) read as Windows-1252` : ''}`);
    return finish({ text, encoding: 'utf-8', detectedBy: utf8Decl?.rule ?? 'sniffed', reason: utf8Decl ? `${WHERE[utf8Decl.rule]}, with ${scan.invalid} invalid sequence(s)` : 'mostly valid UTF-8', replaced, recovered });
  }
  if (utf8Decl) warnings.push(`${WHERE[utf8Decl.rule]} says UTF-8 but the bytes are not valid UTF-8`);

  const lang = declaredLanguage(buf);
  const sample = sampleOf(buf);
  // Verify the declarations that remain, in precedence order.
  const verified = declarations
    .filter((d) => d.encoding !== 'utf-8')
    .map((d) => ({ d, reading: scoreReading(sample, d.encoding, lang) }))
    .filter((v): v is { d: Declaration; reading: Reading } => v.reading !== undefined);
  for (const d of declarations) {
    if (d.encoding !== 'utf-8' && !verified.some((v) => v.d === d)) warnings.push(`${WHERE[d.rule]} says ${d.label} but the bytes are not ${d.encoding}`);
  }
  const plausible = verified.find((v) => v.reading.cost <= PLAUSIBLE_COST);
  // A declaration whose reading has nothing odd at all, and no other declaration against it, is
  // taken; so is one that decodes when a handful of non-ASCII bytes proves too little to overrule it.
  const trusted = plausible && plausible.reading.cost === 0 && !disagree ? plausible : highBytes(sample) < MIN_EVIDENCE_BYTES ? verified[0] : undefined;
  if (trusted) {
    const declared = labelNote(trusted.d);
    return finish({ text: decodeAs(buf, trusted.d.encoding), encoding: trusted.d.encoding, detectedBy: trusted.d.rule, reason: trusted === plausible ? WHERE[trusted.d.rule] : `${WHERE[trusted.d.rule]} (too little text to verify it)`, ...(declared ? { declared } : {}) });
  }
  const detection = detectEncoding(buf, lang);
  let best = detection.ranked[0];
  // A declared language that only names wrong encodings must not trap the detector.
  if (lang && (!best || best.cost > PLAUSIBLE_COST)) {
    const open = detectEncoding(buf).ranked[0];
    if (open && (!best || open.cost + OVERRULE_MARGIN < best.cost)) best = open;
  }
  // The declaration wins unless the detector reads the text clearly better; among declarations
  // that disagree, the first plausible one in precedence order, else the best-reading one.
  const chosen = plausible ?? [...verified].sort((a, b) => a.reading.cost - b.reading.cost)[0];
  const clearlyBetter = chosen && best && best.cost + OVERRULE_MARGIN <= chosen.reading.cost;
  const sibling = plausible && best && best.cost < plausible.reading.cost && isSibling(plausible.d.encoding, best.encoding, sample);
  if (chosen && !clearlyBetter && !sibling) {
    const others = verified.filter((v) => v.d.encoding !== chosen.d.encoding).map((v) => `${WHERE[v.d.rule]} says ${v.d.label}`);
    if (others.length) warnings.push(`${others.join(', ')}; the text reads as ${chosen.d.encoding}, as ${WHERE[chosen.d.rule]} says`);
    const declared = labelNote(chosen.d);
    return finish({ text: decodeAs(buf, chosen.d.encoding), encoding: chosen.d.encoding, detectedBy: chosen.d.rule, reason: others.length ? `${WHERE[chosen.d.rule]}, verified against the other declaration` : WHERE[chosen.d.rule], ...(declared ? { declared } : {}), candidates: detection.ranked });
  }
  // UTF-8 with bad bytes competes with the legacy readings on the same measure.
  if (scan.multibyte > 0) {
    const lenient = decodeUtf8Lenient(sample, scan.leads);
    const utf8Cost = plausibility(lenient.text).cost / Math.max(1, highBytes(sample));
    if (!best || utf8Cost <= best.cost) {
      const { text, replaced, recovered } = decodeUtf8Lenient(buf, scan.leads);
      warnings.push(`${scan.invalid} invalid UTF-8 sequence(s) among ${scan.multibyte} valid ones: read as UTF-8, ${replaced} replaced by U+FFFD in place, ${recovered} stray byte(s) read as Windows-1252`);
      return finish({ text, encoding: 'utf-8', detectedBy: 'sniffed', reason: `mostly valid UTF-8 (reads better than ${best?.encoding ?? 'any legacy encoding'})`, replaced, recovered });
    }
  }
  if (!best) return finish({ text: decodeAs(buf, 'windows-1252'), encoding: 'windows-1252', detectedBy: 'sniffed', reason: 'no declaration and no candidate fits: Windows-1252, the web default', candidates: [] });
  for (const v of verified) warnings.push(`${WHERE[v.d.rule]} says ${v.d.label} but the text does not read as ${v.d.encoding}: read as ${best.encoding}`);
  return finish({
    text: decodeAs(buf, best.encoding),
    encoding: best.encoding,
    detectedBy: 'sniffed',
    reason: `detected from the text${lang ? ` (declared language ${lang})` : ''}, ${detection.considered} encodings tried`,
    candidates: detection.ranked,
  });
}

/** UTF-16 through iconv-lite; UTF-32 (which no decoder at hand has) by hand, U+FFFD for what is not a code point. */
function decodeUnicode(buf: Uint8Array, encoding: string): string {
  if (!encoding.startsWith('utf-32')) return decodeAs(buf, encoding);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const little = encoding === 'utf-32le';
  const chars: string[] = [];
  for (let i = 0; i + 4 <= buf.length; i += 4) {
    const cp = view.getUint32(i, little);
    chars.push(cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(cp));
  }
  if (buf.length % 4) chars.push('\uFFFD');
  return chars.join('');
}

/**
 * An EBCDIC document (`<?xm` as 4C 6F A7 94): the declaration is read with the common code
 * page, then the page it names decodes the whole; an unknown EBCDIC label falls back to cp037.
 */
function decodeEbcdicFeed(buf: Buffer): DecodedText {
  const label = /encoding\s*=\s*["']([^"']+)["']/.exec(decodeEbcdic(buf.subarray(0, 200), 'cp037'))?.[1];
  const page = label ? ebcdicPage(label) : undefined;
  const encoding = page ?? 'cp037';
  return {
    text: decodeEbcdic(buf, encoding),
    encoding,
    detectedBy: page ? 'xml-declaration' : 'sniffed',
    reason: page ? 'the XML declaration, in EBCDIC' : 'EBCDIC byte pattern (<?xm as 4C 6F A7 94)',
    ...(label && label.toLowerCase() !== encoding ? { declared: label.toLowerCase() } : {}),
    ...(label && !page ? { warning: `unknown EBCDIC encoding label ${JSON.stringify(label)} in the XML declaration: read as cp037` } : {}),
  };
}

/**
 * A plausible declared encoding gives way only to a sibling that reads a few characters
 * differently and clearly better: ISO-8859-15 served as ISO-8859-1 (¤ where € was meant).
 */
function isSibling(declared: string, other: string, sample: Uint8Array): boolean {
  if (declared === other || !isSingleByte(declared) || !isSingleByte(other)) return false;
  const a = decodeAs(sample, declared);
  const b = decodeAs(sample, other);
  let differ = 0;
  let high = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i]! < 0x80) continue;
    high++;
    if (a[i] !== b[i]) differ++;
  }
  return differ > 0 && differ * 3 <= high;
}

/**
 * Removes anything before the first `<` (stray whitespace, a BOM decoded as text, PHP notices),
 * which makes strict XML parsers reject otherwise good feeds.
 */
export function stripLeadingJunk(xml: string): string {
  const i = xml.indexOf('<');
  return i > 0 ? xml.slice(i) : i < 0 ? xml.trim() : xml;
}
