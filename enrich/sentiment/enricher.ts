import { z } from 'zod';
import type { ComponentDef, Enricher } from '../../core/contracts.ts';
import { loadAccurateSentiment } from './accurate.ts';
import { encoderPath } from './encoder/fetch.ts';
import { lexiconFor } from './lexicon.ts';
import { sentimentModel } from './model.ts';
import { analyzeSentiment, SENTIMENT_LANGUAGES } from './sentiment.ts';

export const sentimentConfigSchema = z.strictObject({
  accurate: z
    .enum(['matched', 'all', 'off'])
    .default('matched')
    .describe(
      'Which mentions also get the sentence encoder and the fused label (sentiment.method vigie-sentiment-fused@…): ' +
        '"matched" those that match a watch entry (what analysts chart, alerts count and reports show), "all" every mention, ' +
        '"off" none. The encoder costs about 3.5-4.5 ms of CPU per tweet against about 20 µs for the fast model (docs/benchmarks.md).',
    ),
  encoderFile: z
    .string()
    .min(1)
    .optional()
    .describe('The converted sentence encoder; default <cache>/use-multilingual-v3-0.2.1/encoder.bin, cache = $VIGIE_STACK_CACHE or ~/.cache/vigie/stack.'),
});
export type SentimentConfig = z.infer<typeof sentimentConfigSchema>;

/**
 * The `sentiment` enricher: reads the language the `language` enricher found (`done.lang.code`)
 * and the watch matches (`done.matches`), and scores title and text together. Every mention gets
 * the fast model; with `accurate`, matched (or all) mentions get the fused label instead. Loads
 * the models and lexicons when created, not on the first mention; a missing encoder file costs
 * one warning and leaves every mention on the fast model.
 */
export const sentimentEnricher: ComponentDef<SentimentConfig, Enricher<'sentiment'>> = {
  kind: 'sentiment',
  summary: 'Sentiment score, label and confidence: fast linear model + lexicon rules for fr, en, es, de, it, pt, nl, ar (emoji elsewhere), fused with a multilingual sentence encoder for watched mentions',
  config: sentimentConfigSchema,
  create(cfg, ctx) {
    sentimentModel();
    for (const lang of SENTIMENT_LANGUAGES) lexiconFor(lang);
    const accurate = cfg.accurate === 'off' ? undefined : loadAccurateSentiment(cfg.encoderFile ?? encoderPath(), ctx.logger);
    const all = cfg.accurate === 'all';
    return {
      field: 'sentiment',
      enrich(m, done) {
        const text = m.title ? `${m.title}. ${m.text}` : m.text;
        const lang = done.lang?.code ?? 'und';
        if (accurate && (all || (done.matches?.length ?? 0) > 0)) return accurate.analyze(text, lang);
        return analyzeSentiment(text, lang);
      },
    };
  },
};
