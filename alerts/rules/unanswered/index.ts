import type { ComponentDef } from '../../../core/contracts.ts';
import type { StatefulRule } from '../../contracts.ts';
import { unansweredConfig, type UnansweredConfig } from './config.ts';
import { UnansweredRule } from './rule.ts';

export const unanswered: ComponentDef<UnansweredConfig, StatefulRule> = {
  kind: 'unanswered',
  summary: 'A mention that needs a reply, above a priority, still unanswered by an owned account after a delay',
  config: unansweredConfig,
  create: (cfg) => new UnansweredRule(cfg),
};
