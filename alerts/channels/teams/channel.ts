import type { Alert, Channel } from '../../contracts.ts';
import { postChat } from '../../../notify/chat.ts';
import { teamsMessage } from './card.ts';
import type { TeamsConfig } from './config.ts';

/** Microsoft Teams (incoming webhook or Workflows trigger URL) with an Adaptive Card. */
export class TeamsChannel implements Channel {
  constructor(private readonly cfg: TeamsConfig) {}

  async send(alert: Alert, signal: AbortSignal): Promise<void> {
    await postChat(this.cfg, teamsMessage(alert, this.cfg.language), signal, `teams ${this.cfg.name}`);
  }
}
