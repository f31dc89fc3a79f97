import type { ComponentDef } from '../../../core/contracts.ts';
import type { StatefulRule } from '../../contracts.ts';
import { volumeSurgeConfig, type VolumeSurgeConfig } from './config.ts';
import { VolumeSurgeRule } from './rule.ts';

export const volumeSurge: ComponentDef<VolumeSurgeConfig, StatefulRule> = {
  kind: 'volume_surge',
  summary: 'Voices (or negative voices) far above what this hour of the week usually brings, within a false-alarm budget (falsePages: 1/month)',
  config: volumeSurgeConfig,
  create: (cfg) => new VolumeSurgeRule(cfg),
};
