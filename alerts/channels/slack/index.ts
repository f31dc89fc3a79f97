import type { ComponentDef } from '../../../core/contracts.ts';
import type { Channel } from '../../contracts.ts';
import { SlackChannel } from './channel.ts';
import { slackConfig, type SlackConfig } from './config.ts';

export const slack: ComponentDef<SlackConfig, Channel> = {
  kind: 'slack',
  summary: 'Slack: Web API (one thread per incident) or incoming webhook, Block Kit message',
  config: slackConfig,
  create: (cfg) => new SlackChannel(cfg),
};
