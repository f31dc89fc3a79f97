import type { ComponentDef } from '../../../core/contracts.ts';
import type { Channel } from '../../contracts.ts';
import { TeamsChannel } from './channel.ts';
import { teamsConfig, type TeamsConfig } from './config.ts';

export const teams: ComponentDef<TeamsConfig, Channel> = {
  kind: 'teams',
  summary: 'Microsoft Teams incoming webhook or Workflows URL with an Adaptive Card',
  config: teamsConfig,
  create: (cfg) => new TeamsChannel(cfg),
};
