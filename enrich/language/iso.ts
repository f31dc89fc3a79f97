import type { OtherScript } from './script.ts';

/**
 * ISO 639-1 → the ISO 639-3 code franc uses for that language (franc names macrolanguages by
 * their main member: Arabic `arb`, Persian `pes`, Malay `zlm`, Chinese `cmn`...).
 */
export const FRANC_CODE: Readonly<Record<string, string>> = {
  af: 'afr', am: 'amh', ar: 'arb', az: 'azj', be: 'bel', bg: 'bul', bn: 'ben', bs: 'bos', ca: 'cat', cs: 'ces',
  da: 'dan', de: 'deu', el: 'ell', en: 'eng', eo: 'epo', es: 'spa', et: 'ekk', eu: 'eus', fa: 'pes', fi: 'fin',
  fr: 'fra', gl: 'glg', gu: 'guj', ha: 'hau', he: 'heb', hi: 'hin', hr: 'hrv', ht: 'hat', hu: 'hun', hy: 'hye',
  id: 'ind', ig: 'ibo', it: 'ita', ja: 'jpn', jv: 'jav', ka: 'kat', kk: 'kaz', km: 'khm', kn: 'kan', ko: 'kor',
  ky: 'kir', lt: 'lit', lv: 'lvs', mg: 'plt', mk: 'mkd', ml: 'mal', mn: 'khk', mr: 'mar', ms: 'zlm', my: 'mya',
  nb: 'nob', ne: 'npi', nl: 'nld', nn: 'nno', no: 'nob', ny: 'nya', or: 'ory', pa: 'pan', pl: 'pol', ps: 'pbu',
  pt: 'por', ro: 'ron', ru: 'rus', rw: 'kin', si: 'sin', sk: 'slk', sl: 'slv', so: 'som', sq: 'als', sr: 'srp',
  sv: 'swe', sw: 'swh', ta: 'tam', te: 'tel', tg: 'tgk', th: 'tha', tk: 'tuk', tl: 'tgl', tr: 'tur', uk: 'ukr',
  ur: 'urd', uz: 'uzn', vi: 'vie', xh: 'xho', yi: 'ydd', yo: 'yor', zh: 'cmn', zu: 'zul',
};

/** franc's ISO 639-3 code → ISO 639-1 (the inverse of FRANC_CODE; `nob` reads back as `nb`). */
export const FROM_FRANC: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(FRANC_CODE)
    .filter(([one]) => one !== 'no')
    .map(([one, three]) => [three, one]),
);

/**
 * Writing system of the languages that do not use the Latin alphabet (script.ts names them).
 * Japanese is listed under kana but also reads kanji-only texts (with Chinese), Korean under Hangul.
 */
export const NON_LATIN_SCRIPT: Readonly<Record<string, 'arabic' | OtherScript>> = {
  ar: 'arabic', fa: 'arabic', ur: 'arabic', ps: 'arabic', ku: 'arabic', ug: 'arabic', sd: 'arabic',
  am: 'ethiopic', ti: 'ethiopic', as: 'bengali', bn: 'bengali', bo: 'tibetan', dz: 'tibetan', dv: 'thaana', el: 'greek', gu: 'gujarati',
  he: 'hebrew', yi: 'hebrew', hi: 'devanagari', mr: 'devanagari', ne: 'devanagari', hy: 'armenian', ja: 'kana', ka: 'georgian',
  km: 'khmer', kn: 'kannada', ko: 'hangul', lo: 'lao', ml: 'malayalam', my: 'myanmar', or: 'oriya', pa: 'gurmukhi', si: 'sinhala',
  ta: 'tamil', te: 'telugu', th: 'thai', zh: 'han',
  be: 'cyrillic', bg: 'cyrillic', kk: 'cyrillic', ky: 'cyrillic', mk: 'cyrillic', mn: 'cyrillic', ru: 'cyrillic', sr: 'cyrillic', tg: 'cyrillic', uk: 'cyrillic',
};
