/** Counts of letters by writing system, for scripts that settle the language on their own. */
export interface ScriptCounts {
  letters: number;
  arabic: number;
  latin: number;
  /** Letters of any other script (Cyrillic, CJK, Hebrew, Greek...). */
  other: number;
  /** The `other` letters by script (SCRIPTS below; `misc` for the rest), present when `other` > 0. */
  scripts?: Partial<Record<OtherScript, number>>;
}

/**
 * Writing systems besides Latin and Arabic, by Unicode block ranges (start, end inclusive),
 * looked up per letter instead of a regex per script. Only letters (`\p{L}`) are counted, so
 * combining vowel signs and tone marks (Thai, Tamil...) do not weigh.
 */
const RANGES: ReadonlyArray<readonly [number, number, OtherScript]> = [
  [0x0370, 0x03ff, 'greek'], [0x1f00, 0x1fff, 'greek'],
  [0x0400, 0x052f, 'cyrillic'], [0x1c80, 0x1c8f, 'cyrillic'], [0x2de0, 0x2dff, 'cyrillic'], [0xa640, 0xa69f, 'cyrillic'],
  [0x0530, 0x058f, 'armenian'], [0xfb13, 0xfb17, 'armenian'],
  [0x0590, 0x05ff, 'hebrew'], [0xfb1d, 0xfb4f, 'hebrew'],
  [0x0780, 0x07bf, 'thaana'],
  [0x0900, 0x097f, 'devanagari'], [0xa8e0, 0xa8ff, 'devanagari'],
  [0x0980, 0x09ff, 'bengali'],
  [0x0a00, 0x0a7f, 'gurmukhi'],
  [0x0a80, 0x0aff, 'gujarati'],
  [0x0b00, 0x0b7f, 'oriya'],
  [0x0b80, 0x0bff, 'tamil'],
  [0x0c00, 0x0c7f, 'telugu'],
  [0x0c80, 0x0cff, 'kannada'],
  [0x0d00, 0x0d7f, 'malayalam'],
  [0x0d80, 0x0dff, 'sinhala'],
  [0x0e00, 0x0e7f, 'thai'],
  [0x0e80, 0x0eff, 'lao'],
  [0x0f00, 0x0fff, 'tibetan'],
  [0x1000, 0x109f, 'myanmar'],
  [0x10a0, 0x10ff, 'georgian'], [0x1c90, 0x1cbf, 'georgian'], [0x2d00, 0x2d2f, 'georgian'],
  [0x1100, 0x11ff, 'hangul'], [0x3130, 0x318f, 'hangul'], [0xa960, 0xa97f, 'hangul'], [0xac00, 0xd7ff, 'hangul'], [0xffa0, 0xffdc, 'hangul'],
  [0x1200, 0x139f, 'ethiopic'], [0x2d80, 0x2ddf, 'ethiopic'], [0xab00, 0xab2f, 'ethiopic'],
  [0x1780, 0x17ff, 'khmer'], [0x19e0, 0x19ff, 'khmer'],
  [0x3040, 0x30ff, 'kana'], [0x31f0, 0x31ff, 'kana'], [0xff66, 0xff9f, 'kana'], [0x1b000, 0x1b16f, 'kana'],
  [0x3005, 0x3007, 'han'], [0x3400, 0x4dbf, 'han'], [0x4e00, 0x9fff, 'han'], [0xf900, 0xfaff, 'han'], [0x20000, 0x3ffff, 'han'],
];

export type OtherScript =
  | 'greek' | 'cyrillic' | 'armenian' | 'hebrew' | 'thaana' | 'devanagari' | 'bengali' | 'gurmukhi' | 'gujarati' | 'oriya' | 'tamil' | 'telugu' | 'kannada'
  | 'malayalam' | 'sinhala' | 'thai' | 'lao' | 'tibetan' | 'myanmar' | 'georgian' | 'hangul' | 'ethiopic' | 'khmer' | 'kana' | 'han' | 'misc';

const NAMES: OtherScript[] = ['misc', ...new Set(RANGES.map(([, , s]) => s))];
/** Script of each BMP code point, as an index into NAMES (0: misc), filled once: one lookup per letter. */
const BMP = new Uint8Array(0x10000);
for (const [start, end, script] of RANGES) if (start < 0x10000) BMP.fill(NAMES.indexOf(script), start, end + 1);

function otherScriptOf(cp: number): OtherScript {
  if (cp < 0x10000) return NAMES[BMP[cp]!]!;
  for (const [start, end, script] of RANGES) if (cp >= start && cp <= end) return script;
  return 'misc';
}

const LETTER = /\p{L}/u;
const ARABIC = /\p{Script=Arabic}/u;
const LATIN = /\p{Script=Latin}/u;

export function countScripts(text: string): ScriptCounts {
  const counts: ScriptCounts = { letters: 0, arabic: 0, latin: 0, other: 0 };
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      if ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) {
        counts.letters++;
        counts.latin++;
      }
      continue;
    }
    if (!LETTER.test(ch)) continue;
    counts.letters++;
    if (ARABIC.test(ch)) counts.arabic++;
    else if (LATIN.test(ch)) counts.latin++;
    else {
      counts.other++;
      const s = otherScriptOf(code);
      counts.scripts ??= {};
      counts.scripts[s] = (counts.scripts[s] ?? 0) + 1;
    }
  }
  return counts;
}

/**
 * Scripts that name a language: what the letters are written in says the language, whatever the
 * length of the text. The first language is the script's own; the others, when any, are the few
 * other ISO 639-1 languages written in it (Yiddish in Hebrew letters, Assamese in Bengali,
 * Tigrinya in Ethiopic, Dzongkha in Tibetan), told apart by the detector when they are
 * candidates too. Japanese is kana with kanji; Korean is Hangul, with the occasional hanja.
 * Latin, Cyrillic, Arabic, Devanagari and Han are shared by many languages: not here.
 */
export const NAMING_SCRIPTS: Readonly<Partial<Record<OtherScript, readonly string[]>>> = {
  greek: ['el'], armenian: ['hy'], georgian: ['ka'], hebrew: ['he', 'yi'], thai: ['th'], lao: ['lo'], khmer: ['km'], myanmar: ['my'],
  hangul: ['ko'], kana: ['ja'], bengali: ['bn', 'as'], gurmukhi: ['pa'], gujarati: ['gu'], oriya: ['or'], tamil: ['ta'], telugu: ['te'],
  kannada: ['kn'], malayalam: ['ml'], sinhala: ['si'], ethiopic: ['am', 'ti'], tibetan: ['bo', 'dz'], thaana: ['dv'],
};

/**
 * Share of the letters a script must hold for the text to be "in" it: a brand name or a hashtag
 * in Latin letters may sit beside a Hebrew title (`מבצע חדש ב-Acme` is 9 Hebrew letters of 13);
 * half and half is a mixed text, left to the detector.
 */
export const NAMING_SHARE = 0.8;

/** Han characters a Japanese or Korean text may carry beside its kana or Hangul. */
const WITH_HAN: Partial<Record<OtherScript, number>> = {
  // Japanese headlines are often mostly kanji ("東京都知事選の結果": one kana in nine); Chinese has no kana.
  kana: 0.1,
  // Korean writes hanja rarely: Hangul must be most of the CJK letters.
  hangul: 0.5,
};

/**
 * The script that names the language of a text, with the share of its letters in it (counting
 * the kanji or hanja that go with kana or Hangul); undefined for a text in a shared script, or in
 * mixed scripts none of which holds NAMING_SHARE of the letters.
 */
export function namingScript(c: ScriptCounts): { script: OtherScript; languages: readonly string[]; share: number } | undefined {
  if (!c.scripts || c.other < c.letters * NAMING_SHARE) return undefined;
  const han = c.scripts.han ?? 0;
  for (const [script, n] of Object.entries(c.scripts) as Array<[OtherScript, number]>) {
    const languages = NAMING_SCRIPTS[script];
    if (!languages) continue;
    const minOwn = WITH_HAN[script];
    // With Han letters beside them, kana and Hangul count them in, in their own proportion.
    const letters = minOwn !== undefined && n >= minOwn * (n + han) ? n + han : n;
    if (letters >= c.letters * NAMING_SHARE) return { script, languages, share: letters / c.letters };
  }
  return undefined;
}

/** One letter that is a whole syllable, often a whole word (`を`, `네`): a signal, where one Latin letter is not. */
export function oneSyllable(c: ScriptCounts): boolean {
  return c.letters === 1 && ((c.scripts?.kana ?? 0) === 1 || (c.scripts?.hangul ?? 0) === 1);
}
