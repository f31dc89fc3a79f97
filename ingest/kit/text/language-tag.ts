const THREE_LETTER: Record<string, string> = {
  fra: 'fr', fre: 'fr', eng: 'en', spa: 'es', deu: 'de', ger: 'de', ita: 'it', por: 'pt', nld: 'nl', dut: 'nl',
  ara: 'ar', zho: 'zh', chi: 'zh', jpn: 'ja', rus: 'ru', pol: 'pl', cat: 'ca',
};
const NAMES: Record<string, string> = {
  english: 'en', anglais: 'en', french: 'fr', 'français': 'fr', francais: 'fr', spanish: 'es', 'español': 'es',
  german: 'de', deutsch: 'de', italian: 'it', portuguese: 'pt',
};

/**
 * Normalises a declared language ("fr-CA", "en_US", "FRE", "French") to ISO 639-1 ("fr");
 * undefined when it cannot be read as a language.
 */
export function normalizeLanguageTag(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const t = tag.trim().toLowerCase();
  if (NAMES[t]) return NAMES[t];
  const primary = t.split(/[-_\s]/)[0] ?? '';
  if (/^[a-z]{2}$/.test(primary)) return primary;
  if (/^[a-z]{3}$/.test(primary)) return THREE_LETTER[primary];
  return undefined;
}
