import { isIP } from 'node:net';
import { z } from 'zod';
import { requestTimeoutSchema } from '../../core/duration.ts';

const HOST = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
// A plain address (no display name, no comments): what every MTA accepts in an envelope.
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
// `Vigie <alerts@example.org>`: a display name without the characters that would need quoting.
const NAMED = /^([^"<>\r\n,;:@\\]{1,100}) <([^<>\s]+)>$/;

/** Splits `Name <addr>` or `addr`; undefined when neither form is valid. */
export function parseMailbox(s: string): { name?: string; address: string } | undefined {
  const m = NAMED.exec(s);
  const address = m ? m[2]! : s;
  if (!ADDRESS.test(address) || address.length > 254) return undefined;
  return m ? { name: m[1]!.trim(), address } : { address };
}

const mailbox = z.string().refine((s) => parseMailbox(s) !== undefined, { message: 'must be an email address such as alerts@example.org or "Vigie <alerts@example.org>"' });

/** Hosts where credentials in clear text never leave the machine (a local relay). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/**
 * How to reach an SMTP server: shared by the `email` alert channel and the `email` report target,
 * so both validate, connect and fail the same way.
 */
export const smtpShape = {
  /** SMTP server host name or IP address (no scheme, no port). */
  host: z.string().refine((h) => HOST.test(h) || isIP(h) !== 0, { message: 'must be a host name or IP address such as smtp.example.org (no scheme, no port)' }),
  /** 587 (submission, STARTTLS) by default; 465 with `secure: true`; 25 for a relay. */
  port: z.number({ error: 'must be a port number (1-65535)' }).int('must be a whole port number (1-65535)').min(1, 'must be a port number (1-65535)').max(65535, 'must be a port number (1-65535)').default(587),
  /** Implicit TLS from the first byte (port 465). When false, STARTTLS upgrades the connection. */
  secure: z.boolean().default(false),
  /** Refuse to send unless STARTTLS succeeded (ignored with `secure: true`). Turn off only for a local relay. */
  requireTLS: z.boolean().default(true),
  /** Login; give the password with `password: ${SMTP_PASSWORD}` or `passwordFile` (a Docker/Kubernetes secret file). */
  user: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  passwordFile: z.string().min(1).optional(),
  tls: z
    .object({
      /** PEM file of the CA (or the self-signed certificate) to trust instead of the system CAs: pins a private server. */
      caFile: z.string().min(1).optional(),
      /** Name the certificate must carry, when `host` is an IP address or an alias. */
      servername: z.string().min(1).optional(),
    })
    .strict()
    .optional(),
  from: mailbox,
  to: z.array(mailbox).min(1, 'must list at least one recipient').max(100),
  /** Put before every subject, e.g. `[Vigie]`; mail filters can match it. */
  subjectPrefix: z.string().max(100).refine((s) => !/[\r\n]/.test(s), { message: 'must be on one line' }).default('[Vigie]'),
  /** Time allowed for connecting, the greeting and each SMTP reply. */
  timeout: requestTimeoutSchema.prefault('30s'),
};

/** The SMTP fields as one object (the parsed config of either user). */
export const smtpObject = z.object(smtpShape);
export type SmtpConfig = z.infer<typeof smtpObject>;

/** Problems between fields: credentials without a password, a port that contradicts `secure`. */
export function checkSmtp(c: SmtpConfig, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (c.password && c.passwordFile) issue('passwordFile', 'give either password or passwordFile, not both');
  if (c.user && !c.password && !c.passwordFile) issue('password', 'user is set: give password (${SMTP_PASSWORD}) or passwordFile');
  if (!c.user && (c.password || c.passwordFile)) issue('user', 'a password needs a user');
  // These two mistakes end in a TLS handshake against a plain-text greeting (or the reverse): a timeout, not a clear error.
  if (c.secure && (c.port === 587 || c.port === 25)) issue('port', `port ${c.port} speaks STARTTLS: set secure: false (or use port 465 with secure: true)`);
  if (!c.secure && c.port === 465) issue('secure', 'port 465 is implicit TLS: set secure: true (or use port 587 with STARTTLS)');
  if (c.user && !c.secure && !c.requireTLS && !isLoopback(c.host)) issue('requireTLS', 'the password would cross the network in clear: keep requireTLS: true or use secure: true (only a loopback relay may do without)');
}
