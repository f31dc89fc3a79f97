import { z } from 'zod';
import type { ComponentDef, Enricher } from '../../core/contracts.ts';
import { detectLanguage, warmUpLanguageModel } from './detect.ts';

export const DEFAULT_LANGUAGES = ['fr', 'en', 'es', 'de', 'it', 'pt', 'nl', 'ar'] as const;

export const languageConfigSchema = z.strictObject({
  /**
   * ISO 639-1 codes the detector chooses among; a mention in none of them gets `und` or the closest,
   * except one written in a script a single language uses (Hebrew, Greek, Thai, Korean...): it gets that language.
   */
  languages: z
    .array(z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as "fr"'))
    .min(1)
    .default([...DEFAULT_LANGUAGES])
    .describe('Languages of interest (ISO 639-1). Default fr, en, es, de, it, pt, nl, ar. A text in a script only one language uses (Hebrew, Greek, Thai, Korean, Japanese kana, Georgian, Armenian, Indic scripts...) gets that language even when it is not listed.'),
});
export type LanguageConfig = z.infer<typeof languageConfigSchema>;

/**
 * The `language` enricher: detected language among the configured candidates, with the language
 * the source declares (`m.lang`) as a prior. Title and text are judged together.
 */
export const languageEnricher: ComponentDef<LanguageConfig, Enricher<'lang'>> = {
  kind: 'language',
  summary: 'Detects the language among the configured candidates (ELD n-grams and word frequencies, script checks, declared language as prior)',
  config: languageConfigSchema,
  create(cfg) {
    const candidates = [...cfg.languages];
    warmUpLanguageModel(candidates);
    return {
      field: 'lang',
      enrich(m) {
        const text = m.title ? `${m.title}\n${m.text}` : m.text;
        return detectLanguage(text, { candidates, declared: m.lang });
      },
    };
  },
};
