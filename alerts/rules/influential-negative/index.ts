import type { ComponentDef } from '../../../core/contracts.ts';
import type { StatefulRule } from '../../contracts.ts';
import { influentialNegativeConfig, type InfluentialNegativeConfig } from './config.ts';
import { InfluentialNegativeRule } from './rule.ts';

export const influentialNegative: ComponentDef<InfluentialNegativeConfig, StatefulRule> = {
  kind: 'influential_negative',
  summary: 'A negative mention by an author whose influence is at or above a threshold',
  config: influentialNegativeConfig,
  create: (cfg) => new InfluentialNegativeRule(cfg),
};
