export { sentimentEnricher, sentimentConfigSchema, type SentimentConfig } from './enricher.ts';
export { analyzeSentiment, SENTIMENT_LANGUAGES, METHOD_EMOJI, type SentimentResult } from './sentiment.ts';
export { AccurateSentiment, loadAccurateSentiment } from './accurate.ts';
export { prepareSentiment } from './prepare.ts';
