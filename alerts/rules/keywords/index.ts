import type { ComponentDef } from '../../../core/contracts.ts';
import type { StatefulRule } from '../../contracts.ts';
import { keywordsConfig, type KeywordsConfig } from './config.ts';
import { KeywordsRule } from './rule.ts';

export const keywords: ComponentDef<KeywordsConfig, StatefulRule> = {
  kind: 'keywords',
  summary: 'Mentions matching watched keywords (prefixes, phrases) reach a count in the window',
  config: keywordsConfig,
  create: (cfg) => new KeywordsRule(cfg),
};
