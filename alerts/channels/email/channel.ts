import type { Logger } from '../../../core/logger.ts';
import type { Alert, Channel } from '../../contracts.ts';
import type { EmailConfig } from './config.ts';
import { alertEmail } from './message.ts';
import { SmtpSender } from '../../../notify/email/smtp.ts';

/** Email through SMTP: 4yz replies and network failures are retried, 5yz replies are not. */
export class EmailChannel implements Channel {
  private readonly smtp: SmtpSender;

  constructor(
    private readonly cfg: EmailConfig,
    private readonly logger: Logger,
  ) {
    this.smtp = new SmtpSender(cfg, `email ${cfg.name}`);
  }

  /** Returns the opening's Message-ID: later events of the incident reply to it. */
  async send(alert: Alert, signal: AbortSignal, thread?: string): Promise<string> {
    const mail = alertEmail(alert, this.cfg.language, this.cfg.from, this.cfg.subjectPrefix, thread);
    const { rejected } = await this.smtp.send(mail, signal);
    // The others got the page: sending again would page them twice. Said loudly instead.
    if (rejected.length) this.logger.error({ channel: this.cfg.name, alertId: alert.id, rejected: rejected.length }, 'email page refused for some recipients');
    return thread ?? mail.messageId;
  }
}
