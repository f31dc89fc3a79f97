import type { ComponentDef } from '../../../core/contracts.ts';
import type { Channel } from '../../contracts.ts';
import { WebhookChannel } from './channel.ts';
import { webhookConfig, type WebhookConfig } from './config.ts';

export const webhook: ComponentDef<WebhookConfig, Channel> = {
  kind: 'webhook',
  summary: 'JSON POST signed with HMAC-SHA256 (X-Vigie-Signature: t=<unix>,v1=<hex>)',
  config: webhookConfig,
  create: (cfg, ctx) => new WebhookChannel(cfg, ctx.clock),
};
