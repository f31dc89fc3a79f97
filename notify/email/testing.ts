/** Test helpers: a real SMTP server on 127.0.0.1 (smtp-server) and a small MIME reader. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  secure: boolean;
  raw: string;
}

export interface TestSmtp {
  port: number;
  received: ReceivedMail[];
  /** AUTH attempts, accepted or not. */
  logins: number;
  /** SMTP code answered after DATA for the next message (undefined: 250). */
  reply: () => number | undefined;
  close(): Promise<void>;
}

/** A self-signed certificate for `localhost` / 127.0.0.1 (openssl), valid one day. */
export function selfSignedCert(): { key: string; cert: string; certFile: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-smtp-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts an SMTP server on 127.0.0.1:0 that requires AUTH with `user`/`pass`; with `tls`, STARTTLS is offered with that key pair. */
export async function startSmtp(o: {
  user: string;
  pass: string;
  /** Key pair for STARTTLS, or for implicit TLS with `secure`. */
  tls?: { key: string; cert: string };
  secure?: boolean;
  reply?: () => number | undefined;
  /** Recipients answered 550 at RCPT TO. */
  refuse?: string[];
}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const state: TestSmtp = { port: 0, received, logins: 0, reply: o.reply ?? (() => undefined), close: async () => undefined };
  const server = new SMTPServer({
    logger: false,
    secure: o.secure ?? false,
    disabledCommands: o.tls && !o.secure ? [] : ['STARTTLS'],
    ...(o.tls ? { key: o.tls.key, cert: o.tls.cert } : {}),
    allowInsecureAuth: !o.tls,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, cb) {
      state.logins++;
      if (auth.username === o.user && auth.password === o.pass) return cb(null, { user: auth.username });
      cb(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      if (o.refuse?.includes(address.address)) return cb(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const code = state.reply();
        if (code) return cb(Object.assign(new Error(code < 500 ? 'Try again later' : 'Mailbox unavailable'), { responseCode: code }));
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          secure: session.secure,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb(null);
      });
    },
  });
  // Clients that give up mid-handshake are part of the tests: the server reports them as 'error' events.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.server.address() as AddressInfo).port;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

export interface MimePart {
  headers: Record<string, string>;
  contentType: string;
  filename?: string;
  body: Buffer;
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`) in a header value. */
function decodeWords(v: string): string {
  return v.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _cs: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decode(text.replace(/_/g, ' '), 'quoted-printable').toString('utf8'),
  );
}

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const head = at < 0 ? raw : raw.slice(0, at);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  return { headers, body: at < 0 ? '' : raw.slice(at + 4) };
}

function decode(body: string, encoding: string | undefined): Buffer {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1');
  }
  return Buffer.from(body, 'utf8');
}

/** Reads a message into its top headers and its leaf parts (multipart walked, transfer encodings decoded). */
export function parseMail(raw: string): { headers: Record<string, string>; parts: MimePart[] } {
  const { headers, body } = splitHeaders(raw);
  const parts: MimePart[] = [];
  const walk = (h: Record<string, string>, b: string) => {
    const ct = h['content-type'] ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/.exec(ct)?.[1];
    if (ct.startsWith('multipart/') && boundary) {
      for (const chunk of b.split(`--${boundary}`).slice(1)) {
        if (chunk.startsWith('--')) break;
        const sub = splitHeaders(chunk.replace(/^\r\n/, ''));
        walk(sub.headers, sub.body.replace(/\r\n$/, ''));
      }
      return;
    }
    const filename = /filename="?([^";]+)"?/.exec(h['content-disposition'] ?? '')?.[1];
    const type = ct.split(';')[0]!.trim();
    const bytes = decode(b, h['content-transfer-encoding']);
    // Text travels with CRLF line ends; tests compare with what was written (LF).
    const body = type.startsWith('text/') && !filename ? Buffer.from(bytes.toString('utf8').replace(/\r\n/g, '\n'), 'utf8') : bytes;
    parts.push({ headers: h, contentType: type, ...(filename ? { filename } : {}), body });
  };
  walk(headers, body);
  return { headers, parts };
}
