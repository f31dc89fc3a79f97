import type { ComponentDef } from '../../../core/contracts.ts';
import type { StatefulRule } from '../../contracts.ts';
import { negativeShareConfig, type NegativeShareConfig } from './config.ts';
import { NegativeShareRule } from './rule.ts';

export const negativeShare: ComponentDef<NegativeShareConfig, StatefulRule> = {
  kind: 'negative_share',
  summary: 'Share of negative mentions at or above a threshold among enough mentions in the window',
  config: negativeShareConfig,
  create: (cfg) => new NegativeShareRule(cfg),
};
