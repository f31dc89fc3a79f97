import iconv from 'iconv-lite';

/**
 * The WHATWG Encoding Standard's label table (https://encoding.spec.whatwg.org/#names-and-labels),
 * which browsers follow: `iso-8859-1`, `latin1` and `ascii` name windows-1252, `gb2312` names GBK,
 * `utf-16` names UTF-16LE. Labels outside it (utf-32, ebcdic, typos) are unusable and fall back.
 */
const TABLE: Record<string, string[]> = {
  'utf-8': ['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8', 'x-unicode20utf8'],
  ibm866: ['866', 'cp866', 'csibm866', 'ibm866'],
  'iso-8859-2': ['csisolatin2', 'iso-8859-2', 'iso-ir-101', 'iso8859-2', 'iso88592', 'iso_8859-2', 'iso_8859-2:1987', 'l2', 'latin2'],
  'iso-8859-3': ['csisolatin3', 'iso-8859-3', 'iso-ir-109', 'iso8859-3', 'iso88593', 'iso_8859-3', 'iso_8859-3:1988', 'l3', 'latin3'],
  'iso-8859-4': ['csisolatin4', 'iso-8859-4', 'iso-ir-110', 'iso8859-4', 'iso88594', 'iso_8859-4', 'iso_8859-4:1988', 'l4', 'latin4'],
  'iso-8859-5': ['csisolatincyrillic', 'cyrillic', 'iso-8859-5', 'iso-ir-144', 'iso8859-5', 'iso88595', 'iso_8859-5', 'iso_8859-5:1988'],
  'iso-8859-6': ['arabic', 'asmo-708', 'csiso88596e', 'csiso88596i', 'csisolatinarabic', 'ecma-114', 'iso-8859-6', 'iso-8859-6-e', 'iso-8859-6-i', 'iso-ir-127', 'iso8859-6', 'iso88596', 'iso_8859-6', 'iso_8859-6:1987'],
  'iso-8859-7': ['csisolatingreek', 'ecma-118', 'elot_928', 'greek', 'greek8', 'iso-8859-7', 'iso-ir-126', 'iso8859-7', 'iso88597', 'iso_8859-7', 'iso_8859-7:1987', 'sun_eu_greek'],
  'iso-8859-8': ['csiso88598e', 'csisolatinhebrew', 'hebrew', 'iso-8859-8', 'iso-8859-8-e', 'iso-ir-138', 'iso8859-8', 'iso88598', 'iso_8859-8', 'iso_8859-8:1988', 'visual'],
  'iso-8859-8-i': ['csiso88598i', 'iso-8859-8-i', 'logical'],
  'iso-8859-10': ['csisolatin6', 'iso-8859-10', 'iso-ir-157', 'iso8859-10', 'iso885910', 'l6', 'latin6'],
  'iso-8859-13': ['iso-8859-13', 'iso8859-13', 'iso885913'],
  'iso-8859-14': ['iso-8859-14', 'iso8859-14', 'iso885914'],
  'iso-8859-15': ['csisolatin9', 'iso-8859-15', 'iso8859-15', 'iso885915', 'iso_8859-15', 'l9'],
  'iso-8859-16': ['iso-8859-16'],
  'koi8-r': ['cskoi8r', 'koi', 'koi8', 'koi8-r', 'koi8_r'],
  'koi8-u': ['koi8-ru', 'koi8-u'],
  macintosh: ['csmacintosh', 'mac', 'macintosh', 'x-mac-roman'],
  'windows-874': ['dos-874', 'iso-8859-11', 'iso8859-11', 'iso885911', 'tis-620', 'windows-874'],
  'windows-1250': ['cp1250', 'windows-1250', 'x-cp1250'],
  'windows-1251': ['cp1251', 'windows-1251', 'x-cp1251'],
  'windows-1252': ['ansi_x3.4-1968', 'ascii', 'cp1252', 'cp819', 'csisolatin1', 'ibm819', 'iso-8859-1', 'iso-ir-100', 'iso8859-1', 'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'l1', 'latin1', 'us-ascii', 'windows-1252', 'x-cp1252'],
  'windows-1253': ['cp1253', 'windows-1253', 'x-cp1253'],
  'windows-1254': ['cp1254', 'csisolatin5', 'iso-8859-9', 'iso-ir-148', 'iso8859-9', 'iso88599', 'iso_8859-9', 'iso_8859-9:1989', 'l5', 'latin5', 'windows-1254', 'x-cp1254'],
  'windows-1255': ['cp1255', 'windows-1255', 'x-cp1255'],
  'windows-1256': ['cp1256', 'windows-1256', 'x-cp1256'],
  'windows-1257': ['cp1257', 'windows-1257', 'x-cp1257'],
  'windows-1258': ['cp1258', 'windows-1258', 'x-cp1258'],
  'x-mac-cyrillic': ['x-mac-cyrillic', 'x-mac-ukrainian'],
  gbk: ['chinese', 'csgb2312', 'csiso58gb231280', 'gb2312', 'gb_2312', 'gb_2312-80', 'gbk', 'iso-ir-58', 'x-gbk'],
  gb18030: ['gb18030'],
  big5: ['big5', 'big5-hkscs', 'cn-big5', 'csbig5', 'x-x-big5'],
  'euc-jp': ['cseucpkdfmtjapanese', 'euc-jp', 'x-euc-jp'],
  'iso-2022-jp': ['csiso2022jp', 'iso-2022-jp'],
  shift_jis: ['csshiftjis', 'ms932', 'ms_kanji', 'shift-jis', 'shift_jis', 'sjis', 'windows-31j', 'x-sjis'],
  'euc-kr': ['cseuckr', 'csksc56011987', 'euc-kr', 'iso-ir-149', 'korean', 'ks_c_5601-1987', 'ks_c_5601-1989', 'ksc5601', 'ksc_5601', 'windows-949'],
  replacement: ['csiso2022kr', 'hz-gb-2312', 'iso-2022-cn', 'iso-2022-cn-ext', 'iso-2022-kr', 'replacement'],
  'utf-16be': ['unicodefffe', 'utf-16be'],
  'utf-16le': ['csunicode', 'iso-10646-ucs-2', 'ucs-2', 'unicode', 'unicodefeff', 'utf-16', 'utf-16le'],
  'x-user-defined': ['x-user-defined'],
};

const BY_LABEL = new Map<string, string>(Object.entries(TABLE).flatMap(([name, labels]) => labels.map((l) => [l, name] as [string, string])));

/**
 * The encoding a label names, per the WHATWG table (ASCII whitespace and quotes trimmed, case
 * ignored); undefined for a label it does not list. `replacement` (ISO-2022-KR, HZ...) is
 * returned as such: it decodes to nothing, so callers treat it as unusable.
 */
export function encodingForLabel(label: string): string | undefined {
  return BY_LABEL.get(label.trim().replace(/^["']+|["';]+$/g, '').trim().toLowerCase());
}

/**
 * A label outside the WHATWG table that names an ASCII-compatible single-byte code page iconv-lite
 * has (DOS and IBM code pages: cp437, cp850, ibm866's siblings, cp1125...), as `iconv:<label>`.
 * Browsers refuse these; old feeds declare them, and the bytes verify them like any declaration.
 * Multi-byte and UTF-32 labels are never taken this way: a wrong one garbles the whole feed.
 */
export function legacyCodePage(label: string): string | undefined {
  const raw = label.trim().replace(/^["']+|["';]+$/g, '').trim().toLowerCase();
  const l = PYTHON_ALIASES[raw] ?? raw;
  if (!l || !iconv.encodingExists(l)) return undefined;
  const codec = iconv.getCodec(l) as { constructor: { name: string } };
  if (codec.constructor.name !== 'SBCSCodec') return undefined;
  // Markup must survive: letters, digits and XML syntax (cp864 has its own `%`, which is harmless).
  const ascii = Buffer.from('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<>/="\' ?!-:;&#._', 'latin1');
  return iconv.decode(ascii, l) === ascii.toString('latin1') ? `iconv:${l}` : undefined;
}

/** Python's names for code pages iconv-lite knows by another (feeds made by Python tools use them). */
const PYTHON_ALIASES: Record<string, string> = { 'cp-is': 'cp861', cp_is: 'cp861', maccentraleurope: 'maccenteuro', maclatin2: 'maccenteuro', 'mac-latin2': 'maccenteuro' };

/** True for encodings that decode one byte to one character (every byte value is valid). */
export function isSingleByte(encoding: string): boolean {
  return SINGLE_BYTE.has(encoding) || encoding.startsWith('iconv:');
}

/** Encodings that decode one byte to one character (every byte value is valid). */
export const SINGLE_BYTE = new Set(['ibm866', 'iso-8859-2', 'iso-8859-3', 'iso-8859-4', 'iso-8859-5', 'iso-8859-6', 'iso-8859-7', 'iso-8859-8', 'iso-8859-8-i', 'iso-8859-10', 'iso-8859-13', 'iso-8859-14', 'iso-8859-15', 'iso-8859-16', 'koi8-r', 'koi8-u', 'macintosh', 'windows-874', 'windows-1250', 'windows-1251', 'windows-1252', 'windows-1253', 'windows-1254', 'windows-1255', 'windows-1256', 'windows-1257', 'windows-1258', 'x-mac-cyrillic', 'x-user-defined']);

/** Windows-1252's 0x80-0x9F (WHATWG index); the five bytes it leaves undefined map to C1 controls. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/**
 * Windows-1252 by table: Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1 (its Latin-1
 * fast path), which turns ’ € « » into C1 controls, the very bug the WHATWG mapping exists for.
 */
function decodeWindows1252(buf: Uint8Array): string {
  const latin1 = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009F]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/**
 * Decodes bytes with a WHATWG encoding: Node's TextDecoder where it has it (full ICU), else
 * iconv-lite. `fatal` throws on a byte sequence the encoding does not define.
 */
export function decodeAs(buf: Uint8Array, encoding: string, fatal = false): string {
  if (encoding === 'windows-1252') return decodeWindows1252(buf);
  if (encoding.startsWith('iconv:')) return iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), encoding.slice(6), { stripBOM: false });
  if (encoding === 'x-user-defined') {
    // Bytes 0x80-0xFF map to U+F780-U+F7FF (WHATWG); no decoder ships it.
    let s = '';
    for (const b of buf) s += String.fromCharCode(b < 0x80 ? b : 0xf700 + b);
    return s;
  }
  try {
    return new TextDecoder(encoding, { fatal, ignoreBOM: true }).decode(buf);
  } catch (e) {
    if (e instanceof RangeError && iconv.encodingExists(encoding)) return iconv.decode(Buffer.from(buf), encoding, { stripBOM: false });
    throw e;
  }
}
