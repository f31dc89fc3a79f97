import type { ComponentDef } from '../../../core/contracts.ts';
import type { StatefulRule } from '../../contracts.ts';
import { newTermConfig, type NewTermConfig } from './config.ts';
import { NewTermRule } from './rule.ts';

export const newTerm: ComponentDef<NewTermConfig, StatefulRule> = {
  kind: 'new_term',
  summary: 'A hashtag or term never seen before for the scope grows fast',
  config: newTermConfig,
  create: (cfg) => new NewTermRule(cfg),
};
