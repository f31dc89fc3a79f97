import type { ComponentDef } from '../../../core/contracts.ts';
import type { StatefulRule } from '../../contracts.ts';
import { flatlineConfig, type FlatlineConfig } from './config.ts';
import { FlatlineRule } from './rule.ts';

export const flatline: ComponentDef<FlatlineConfig, StatefulRule> = {
  kind: 'flatline',
  summary: 'A scope or a source silent longer than a set time (broken connector, exhausted quota)',
  config: flatlineConfig,
  create: (cfg) => new FlatlineRule(cfg),
};
