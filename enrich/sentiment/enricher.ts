import { z } from 'zod';
import type { ComponentDef, Enricher } from '../../core/contracts.ts';
import { lexiconFor } from './lexicon.ts';
import { sentimentModel } from './model.ts';
import { analyzeSentiment, SENTIMENT_LANGUAGES } from './sentiment.ts';

export const sentimentConfigSchema = z.strictObject({});
export type SentimentConfig = z.infer<typeof sentimentConfigSchema>;

/**
 * The `sentiment` enricher: reads the language the `language` enricher found (`done.lang.code`)
 * and scores title and text together. Loads the model and lexicons when created, not on the first mention.
 */
export const sentimentEnricher: ComponentDef<SentimentConfig, Enricher<'sentiment'>> = {
  kind: 'sentiment',
  summary: 'Sentiment score, label and confidence (linear model + lexicon rules for fr, en, es, de, it, pt, nl, ar; emoji elsewhere)',
  config: sentimentConfigSchema,
  create() {
    sentimentModel();
    for (const lang of SENTIMENT_LANGUAGES) lexiconFor(lang);
    return {
      field: 'sentiment',
      enrich(m, done) {
        const text = m.title ? `${m.title}. ${m.text}` : m.text;
        return analyzeSentiment(text, done.lang?.code ?? 'und');
      },
    };
  },
};
