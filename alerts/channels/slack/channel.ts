import type { Alert, Channel } from '../../contracts.ts';
import { postChat } from '../../../notify/chat.ts';
import { slackMessage } from './blocks.ts';
import type { SlackConfig } from './config.ts';

/** Slack incoming webhook (answers 200 "ok"; 4xx codes such as invalid_blocks are not retried). */
export class SlackChannel implements Channel {
  constructor(private readonly cfg: SlackConfig) {}

  async send(alert: Alert, signal: AbortSignal): Promise<void> {
    await postChat(this.cfg, slackMessage(alert, this.cfg.language), signal, `slack ${this.cfg.name}`);
  }
}
