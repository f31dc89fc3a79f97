import type { ComponentDef } from '../../../core/contracts.ts';
import type { Channel } from '../../contracts.ts';
import { EmailChannel } from './channel.ts';
import { emailConfig, type EmailConfig } from './config.ts';

export const email: ComponentDef<EmailConfig, Channel> = {
  kind: 'email',
  summary: 'Email through SMTP (STARTTLS or TLS, AUTH), plain text + HTML, Message-ID per alert event',
  config: emailConfig,
  create: (cfg, ctx) => new EmailChannel(cfg, ctx.logger),
};
