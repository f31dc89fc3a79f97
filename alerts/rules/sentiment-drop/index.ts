import type { ComponentDef } from '../../../core/contracts.ts';
import type { StatefulRule } from '../../contracts.ts';
import { sentimentDropConfig, type SentimentDropConfig } from './config.ts';
import { SentimentDropRule } from './rule.ts';

export const sentimentDrop: ComponentDef<SentimentDropConfig, StatefulRule> = {
  kind: 'sentiment_drop',
  summary: 'Mean sentiment of the window falls more than a set amount below the baseline of previous windows',
  config: sentimentDropConfig,
  create: (cfg) => new SentimentDropRule(cfg),
};
