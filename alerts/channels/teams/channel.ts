import type { Alert, Channel } from '../../contracts.ts';
import { postJson } from '../base.ts';
import { teamsMessage } from './card.ts';
import type { TeamsConfig } from './config.ts';

/** Microsoft Teams (incoming webhook or Workflows trigger URL) with an Adaptive Card. */
export class TeamsChannel implements Channel {
  constructor(private readonly cfg: TeamsConfig) {}

  async send(alert: Alert, signal: AbortSignal): Promise<void> {
    await postJson(this.cfg.url, JSON.stringify(teamsMessage(alert, this.cfg.language)), {}, signal, this.cfg.timeout, `teams ${this.cfg.name}`);
  }
}
