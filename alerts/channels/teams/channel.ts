import type { Alert, AlertType, Channel } from '../../contracts.ts';
import { postChat } from '../../../notify/chat.ts';
import { teamsMessage } from './card.ts';
import type { TeamsConfig } from './config.ts';

/**
 * Microsoft Teams (incoming webhook or Workflows trigger URL) with an Adaptive Card. Neither
 * returns the id of the message it posted, so an incident cannot be threaded there: the
 * opening, escalations and the resolution are posted (each names the incident), quiet updates
 * are not.
 */
export class TeamsChannel implements Channel {
  constructor(private readonly cfg: TeamsConfig) {}

  accepts(type: AlertType): boolean {
    return type !== 'updated';
  }

  async send(alert: Alert, signal: AbortSignal): Promise<void> {
    await postChat(this.cfg, teamsMessage(alert, this.cfg.language), signal, `teams ${this.cfg.name}`);
  }
}
