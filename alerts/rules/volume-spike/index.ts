import type { ComponentDef } from '../../../core/contracts.ts';
import type { StatefulRule } from '../../contracts.ts';
import { volumeSpikeConfig, type VolumeSpikeConfig } from './config.ts';
import { VolumeSpikeRule } from './rule.ts';

export const volumeSpike: ComponentDef<VolumeSpikeConfig, StatefulRule> = {
  kind: 'volume_spike',
  summary: 'Mentions in a sliding window far above the baseline of previous windows (ratio and robust z-score, seasonality-aware)',
  config: volumeSpikeConfig,
  create: (cfg) => new VolumeSpikeRule(cfg),
};
