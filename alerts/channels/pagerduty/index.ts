import type { ComponentDef } from '../../../core/contracts.ts';
import type { Channel } from '../../contracts.ts';
import { PagerdutyChannel } from './channel.ts';
import { pagerdutyConfig, type PagerdutyConfig } from './config.ts';

export const pagerduty: ComponentDef<PagerdutyConfig, Channel> = {
  kind: 'pagerduty',
  summary: 'PagerDuty Events API v2: trigger, acknowledge, resolve with dedup_key = incident id',
  config: pagerdutyConfig,
  create: (cfg) => new PagerdutyChannel(cfg),
};
