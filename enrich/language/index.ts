export { languageEnricher, languageConfigSchema, DEFAULT_LANGUAGES, type LanguageConfig } from './enricher.ts';
export { detectLanguage, warmUpLanguageModel, type LanguageGuess, type DetectOptions } from './detect.ts';
