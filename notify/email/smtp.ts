import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { VigieError } from '../../core/errors.ts';
import { parseMailbox, type SmtpConfig } from './config.ts';

/** One message, already rendered. User text inside `html` must be escaped by the caller. */
export interface MailMessage {
  subject: string;
  text: string;
  html: string;
  /** `<local@domain>`, stable across retries so receivers (and people) recognise a resend. */
  messageId: string;
  headers: Record<string, string>;
  references?: string;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
}

/** What a send reports: recipients the server refused while accepting others (not retried: the others got it). */
export interface MailResult {
  rejected: string[];
}

function readSecretFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    // The error names the path and the errno, never the content.
    throw new VigieError('ERR_EMAIL_FILE', `${what}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** `Message-ID` domain: the sender's, so the id looks like every other id of that mail system. */
export function messageIdDomain(from: string): string {
  return parseMailbox(from)?.address.split('@')[1] ?? 'vigie.invalid';
}

/** Turns any string into a Message-ID local part (dot-atom characters only). */
export function idPart(s: string): string {
  return s.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+/g, '.').replace(/^\.+|\.+$/g, '').slice(0, 200) || 'x';
}

/**
 * An SMTP sender for one configured server. Files (password, CA) are read once here: a missing
 * file fails at start-up, not at the first page.
 */
export class SmtpSender {
  private readonly transport: nodemailer.Transporter<SMTPTransport.SentMessageInfo>;
  private readonly secrets: string[];

  constructor(
    private readonly cfg: SmtpConfig,
    private readonly what: string,
  ) {
    const pass = cfg.passwordFile ? readSecretFile(cfg.passwordFile, what).replace(/\r?\n$/, '') : cfg.password;
    const ca = cfg.tls?.caFile ? readSecretFile(cfg.tls.caFile, what) : undefined;
    // Strings that must never reach a message or a log line, in the forms AUTH PLAIN/LOGIN send them.
    this.secrets = pass ? [pass, Buffer.from(pass).toString('base64'), Buffer.from(`\0${cfg.user}\0${pass}`).toString('base64')] : [];
    this.transport = nodemailer.createTransport({
      host: cfg.host,
      port: cfg.port,
      secure: cfg.secure,
      requireTLS: !cfg.secure && cfg.requireTLS,
      ...(cfg.user ? { auth: { user: cfg.user, pass } } : {}),
      tls: { minVersion: 'TLSv1.2', ...(ca ? { ca } : {}), ...(cfg.tls?.servername ? { servername: cfg.tls.servername } : {}) },
      connectionTimeout: cfg.timeout,
      greetingTimeout: cfg.timeout,
      socketTimeout: cfg.timeout,
      dnsTimeout: cfg.timeout,
      logger: false,
      debug: false,
      // Attachments come as bytes read by Vigie: nothing in a message may make nodemailer open a file or URL.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  /** Sends to every `to` recipient; throws a VigieError (retriable for transient failures) otherwise. */
  async send(m: MailMessage, signal: AbortSignal): Promise<MailResult> {
    if (signal.aborted) throw new VigieError('ERR_ABORTED', 'aborted');
    const sending = this.transport.sendMail({
      from: this.cfg.from,
      to: this.cfg.to,
      subject: m.subject,
      text: m.text,
      html: m.html,
      messageId: m.messageId,
      headers: m.headers,
      ...(m.references ? { references: m.references, inReplyTo: m.references } : {}),
      ...(m.attachments ? { attachments: m.attachments } : {}),
    });
    let onAbort: (() => void) | undefined;
    // nodemailer cannot cancel a send; stop waiting for it (its own timeouts close the socket).
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new VigieError('ERR_ABORTED', 'aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const info = await Promise.race([sending, aborted]);
      return { rejected: info.rejected.map((r) => (typeof r === 'string' ? r : r.address)) };
    } catch (e) {
      throw e instanceof VigieError ? e : this.toError(e);
    } finally {
      signal.removeEventListener('abort', onAbort!);
      sending.catch(() => undefined);
    }
  }

  private scrub(s: string): string {
    let out = s;
    for (const x of this.secrets) out = out.split(x).join('[redacted]');
    return out.replace(/[\r\n]+/g, ' ').slice(0, 300);
  }

  /**
   * SMTP reply codes decide: 4yz is transient (greylisting, mailbox busy, rate limit: retried),
   * 5yz is permanent (dead-lettered). Without a reply, a network failure is retried, a refused
   * login or certificate is not. The original error is not kept as `cause`: it may quote the
   * login exchange.
   */
  private toError(e: unknown): VigieError {
    const err = e as { code?: string; responseCode?: number; response?: string; command?: string; message?: string };
    const reply = typeof err.response === 'string' ? this.scrub(err.response) : undefined;
    const details = { smtpCode: err.responseCode, command: err.command?.split(' ').slice(0, 2).join(' '), nodemailerCode: err.code };
    const code = err.responseCode;
    if (code !== undefined && code >= 400 && code < 500) {
      return new VigieError('ERR_EMAIL_TEMPORARY', `${this.what}: SMTP ${reply ?? code} (temporary, will retry)`, { retriable: true, details });
    }
    if (err.code === 'EAUTH' || err.code === 'ENOAUTH') {
      return new VigieError('ERR_EMAIL_AUTH', `${this.what}: login refused for user ${this.cfg.user ?? '(none)'}${reply ? `: ${reply}` : ''}; check user and password`, { details });
    }
    const msg = this.scrub(err.message ?? String(e));
    // Before 5yz: "500 STARTTLS not recognized" means no TLS on offer, a setup problem rather than a refused message.
    if (err.code === 'ETLS' || /certificate|self[- ]signed|altnames|CERT_|SSL routines|wrong version number/i.test(msg)) {
      return new VigieError('ERR_EMAIL_TLS', `${this.what}: TLS failed: ${msg}; check secure/port, tls.caFile and tls.servername`, { details });
    }
    if (code !== undefined && code >= 500) {
      return new VigieError('ERR_EMAIL_REJECTED', `${this.what}: SMTP ${reply} (permanent)`, { details });
    }
    if (err.code === 'ECONNECTION' || err.code === 'ETIMEDOUT' || err.code === 'ESOCKET' || err.code === 'EDNS' || err.code === 'EPROTOCOL') {
      return new VigieError('ERR_EMAIL_UNREACHABLE', `${this.what}: ${msg}`, { retriable: true, details });
    }
    return new VigieError('ERR_EMAIL_REJECTED', `${this.what}: ${msg}`, { details });
  }

  close(): void {
    this.transport.close();
  }
}
