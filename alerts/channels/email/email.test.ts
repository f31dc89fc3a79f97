import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../../core/bus-memory.ts';
import { systemClock } from '../../../core/clock.ts';
import { isVigieError, type VigieError } from '../../../core/errors.ts';
import { REDACT_PATHS, silentLogger } from '../../../core/logger.ts';
import { Metrics } from '../../../core/metrics.ts';
import { sampleAlert } from '../../../test/fixtures/alerts/sample-alert.ts';
import { waitFor } from '../../../test/fixtures/alerts/wait-for.ts';
import { alertMetrics } from '../../metrics.ts';
import { DeliveryLedger } from '../../delivery-ledger.ts';
import { startDelivery } from '../../outbox.ts';
import { buildChannels, channelConfigSchema } from '../../registry.ts';
import { validateAlertsSection } from '../../config.ts';
import { parseMail, selfSignedCert, startSmtp, type TestSmtp } from '../../../notify/email/testing.ts';

const USER = 'vigie@example.org';
const PASS = 'S3cret-smtp-pass-4711';
const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function server(o: Omit<Parameters<typeof startSmtp>[0], 'user' | 'pass'> = {}): Promise<TestSmtp> {
  const s = await startSmtp({ user: USER, pass: PASS, ...o });
  closers.push(() => s.close());
  return s;
}

function emailCfg(port: number, over: Record<string, unknown> = {}) {
  return { kind: 'email', name: 'mail', host: '127.0.0.1', port, requireTLS: false, user: USER, password: PASS, from: 'Vigie <alerts@example.org>', to: ['oncall@example.org', 'direction@example.org'], language: 'en', timeout: '5s', ...over };
}

function channel(cfg: unknown, logger = silentLogger()) {
  return buildChannels([channelConfigSchema.parse(cfg)], { logger, clock: systemClock, metrics: new Metrics() })[0]!.channel;
}

const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as VigieError);

describe('email channel (real SMTP conversation)', () => {
  it('delivers text + HTML with escaped user content, a Message-ID per event and the delivery header', async () => {
    const s = await server();
    await channel(emailCfg(s.port)).send(sampleAlert(), new AbortController().signal);
    expect(s.received.length).toBe(1);
    const r = s.received[0]!;
    expect(r.user).toBe(USER);
    expect(r.from).toBe('alerts@example.org');
    expect(r.to).toEqual(['oncall@example.org', 'direction@example.org']);
    const m = parseMail(r.raw);
    expect(m.headers['message-id']).toBe('<vigie.ep1.0@example.org>');
    expect(m.headers['x-vigie-delivery']).toBe('ep1:0');
    expect(m.headers['x-vigie-event']).toBe('opened');
    expect(m.headers.subject).toBe('[Vigie] [Opened · critical] brand-spike — Acme');
    expect(m.headers['in-reply-to']).toBeUndefined();
    const text = m.parts.find((p) => p.contentType === 'text/plain')!.body.toString('utf8');
    const html = m.parts.find((p) => p.contentType === 'text/html')!.body.toString('utf8');
    expect(text).toContain('[Opened · critical] brand-spike — Acme');
    expect(text).toContain('Acme <script>alert(1)</script> &');
    expect(html).toContain('Acme &lt;script&gt;alert(1)&lt;/script&gt; &amp; *boycott*');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<a href="https://example.org/p/1">');
    expect(html).toContain('second &lt;b&gt;post&lt;/b&gt;');
    expect(html).toContain('lang="en"');
  });

  it('writes French texts, and threads an escalation under the opening', async () => {
    const s = await server();
    const ch = channel(emailCfg(s.port, { language: 'fr', subjectPrefix: '[Crise]' }));
    await ch.send(sampleAlert({ type: 'escalated', id: 'ep1:1', seq: 1 }), new AbortController().signal);
    const m = parseMail(s.received[0]!.raw);
    expect(m.headers['message-id']).toBe('<vigie.ep1.1@example.org>');
    expect(m.headers['in-reply-to']).toBe('<vigie.ep1.0@example.org>');
    expect(m.headers.references).toBe('<vigie.ep1.0@example.org>');
    const text = m.parts.find((p) => p.contentType === 'text/plain')!.body.toString('utf8');
    expect(text).toContain('[Aggravé · critique] brand-spike — Acme');
    expect(text).toContain('Pic de volume');
  });

  it('STARTTLS with the server certificate pinned through tls.caFile', async () => {
    const cert = selfSignedCert();
    closers.push(cert.cleanup);
    const s = await server({ tls: cert });
    await channel(emailCfg(s.port, { requireTLS: true, tls: { caFile: cert.certFile, servername: 'localhost' } })).send(sampleAlert(), new AbortController().signal);
    expect(s.received[0]!.secure).toBe(true);
    // Without the pin the system CAs do not trust the certificate: a TLS error, not retried.
    const e = await fail(channel(emailCfg(s.port, { requireTLS: true, tls: { servername: 'localhost' } })).send(sampleAlert(), new AbortController().signal));
    expect([e.code, e.retriable]).toEqual(['ERR_EMAIL_TLS', false]);
  });

  it('implicit TLS (secure: true) with the certificate pinned', async () => {
    const cert = selfSignedCert();
    closers.push(cert.cleanup);
    const s = await server({ tls: cert, secure: true });
    await channel(emailCfg(s.port, { secure: true, tls: { caFile: cert.certFile, servername: 'localhost' } })).send(sampleAlert(), new AbortController().signal);
    expect(s.received[0]!.secure).toBe(true);
    // secure: false against a TLS port: the greeting never comes in clear; retried as a network failure.
    const e = await fail(channel(emailCfg(s.port, { timeout: '1s' })).send(sampleAlert(), new AbortController().signal));
    expect([e.code, e.retriable]).toEqual(['ERR_EMAIL_UNREACHABLE', true]);
  });

  it('a recipient refused while the other accepted: delivered, not resent, logged as an error', async () => {
    const s = await server({ refuse: ['direction@example.org'] });
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }));
    await channel(emailCfg(s.port), logger).send(sampleAlert(), new AbortController().signal);
    expect(s.received.map((r) => r.to)).toEqual([['oncall@example.org']]);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, rejected: 1, alertId: 'ep1:0', msg: 'email page refused for some recipients' });
  });

  it('a server without STARTTLS is refused when requireTLS is on', async () => {
    const s = await server();
    const e = await fail(channel(emailCfg(s.port, { requireTLS: true, host: 'localhost' })).send(sampleAlert(), new AbortController().signal));
    expect(e.message).toContain('STARTTLS');
    expect([e.code, e.retriable]).toEqual(['ERR_EMAIL_TLS', false]);
    expect(s.received.length).toBe(0);
  });

  it('wrong password: ERR_EMAIL_AUTH, not retriable, the password in neither the error nor the logs', async () => {
    const s = await server();
    const lines: string[] = [];
    const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }));
    const wrong = 'Wrong-pass-0000-9999';
    const e = await fail(channel(emailCfg(s.port, { password: wrong }), logger).send(sampleAlert(), new AbortController().signal));
    expect(isVigieError(e)).toBe(true);
    expect([e.code, e.retriable]).toEqual(['ERR_EMAIL_AUTH', false]);
    expect(e.message).toContain('535');
    expect(s.logins).toBe(1);
    // The outbox logs the error object whole when it dead-letters: do the same here.
    logger.error({ err: e, code: e.code }, 'page not delivered');
    const all = `${lines.join('')}${e.message}${JSON.stringify(e)}${String(e.stack)}`;
    for (const secret of [wrong, Buffer.from(wrong).toString('base64'), Buffer.from(`\0${USER}\0${wrong}`).toString('base64')]) expect(all).not.toContain(secret);
  });

  it('server down: ERR_EMAIL_UNREACHABLE, retriable', async () => {
    const s = await server();
    await s.close();
    const e = await fail(channel(emailCfg(s.port)).send(sampleAlert(), new AbortController().signal));
    expect([e.code, e.retriable]).toEqual(['ERR_EMAIL_UNREACHABLE', true]);
  });

  it('reads the password from passwordFile (a trailing newline is not part of it)', async () => {
    const s = await server();
    const dir = mkdtempSync(join(tmpdir(), 'vigie-pass-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'smtp'), `${PASS}\n`);
    const { password: _p, ...cfg } = emailCfg(s.port, { passwordFile: join(dir, 'smtp') });
    await channel(cfg).send(sampleAlert(), new AbortController().signal);
    expect(s.received.length).toBe(1);
    let e: unknown;
    try {
      channel({ ...cfg, passwordFile: join(dir, 'missing') });
    } catch (x) {
      e = x;
    }
    expect(isVigieError(e) && e.code === 'ERR_EMAIL_FILE' && e.message.includes('ENOENT')).toBe(true);
  });
});

describe('email through the alert outbox (retry, deadline, dead letter unchanged)', () => {
  async function deliver(reply: () => number | undefined) {
    const s = await server({ reply });
    const bus = new MemoryBus();
    await bus.ensureTopics([{ name: 'alerts', partitions: 1, replicationFactor: 1 }, { name: 'dlq', partitions: 1, replicationFactor: 1 }]);
    closers.push(() => bus.close());
    const metrics = alertMetrics(new Metrics());
    const channels = buildChannels([channelConfigSchema.parse(emailCfg(s.port))], { logger: silentLogger(), clock: systemClock, metrics: new Metrics() });
    const subs = await startDelivery({ bus, alertsTopic: 'alerts', dlqTopic: 'dlq', groupId: 't', channels, logger: silentLogger(), clock: systemClock, metrics, ledger: new DeliveryLedger(async () => undefined), deadlineMs: 60_000, retryBaseMs: 20, retryMaxMs: 50 });
    closers.push(async () => { for (const x of subs) await x.stop(); });
    const alert = sampleAlert({ createdAt: new Date().toISOString() });
    await bus.publish('alerts', [{ key: alert.episodeId, value: JSON.stringify(alert) }]);
    return { s, bus };
  }

  it('451 (greylisting) is retried, then the page is delivered once', async () => {
    let n = 0;
    const { s, bus } = await deliver(() => (++n <= 2 ? 451 : undefined));
    await waitFor(() => s.received.length === 1, 15_000, 'delivery after 451');
    expect(n).toBe(3);
    expect(parseMail(s.received[0]!.raw).headers['message-id']).toBe('<vigie.ep1.0@example.org>');
    expect(bus.messages('dlq').length).toBe(0);
  });

  it('550 is not retried: the page is dead-lettered with the SMTP reason', async () => {
    let n = 0;
    const { s, bus } = await deliver(() => (++n, 550));
    await waitFor(() => bus.messages('dlq').length === 1, 15_000, 'dead letter');
    const dl = JSON.parse(bus.messages('dlq')[0]!.value);
    expect(dl.code).toBe('ERR_EMAIL_REJECTED');
    expect(dl.reason).toMatch(/550 Mailbox unavailable/);
    expect(dl.stage).toBe('alerts.deliver.mail');
    expect(n).toBe(1);
    expect(s.received.length).toBe(0);
  });
});

describe('email channel config', () => {
  const problems = (cfg: Record<string, unknown>) => {
    const out: Array<{ path: string; message: string }> = [];
    validateAlertsSection({ channels: [cfg] }, [], out);
    return out.map((p) => `${p.path}: ${p.message}`);
  };
  const ok = { kind: 'email', name: 'mail', host: 'smtp.example.org', user: 'u', password: '${X}', from: 'alerts@example.org', to: ['a@example.org'] };

  it('accepts a complete config with defaults (587, STARTTLS required)', () => {
    const r = channelConfigSchema.parse(ok) as Record<string, unknown>;
    expect([r.port, r.secure, r.requireTLS, r.subjectPrefix, r.timeout]).toEqual([587, false, true, '[Vigie]', 30_000]);
    expect(problems(ok)).toEqual([]);
  });

  it('names every bad field before any connection', () => {
    expect(problems({ ...ok, port: 70000 })).toEqual(['alerts.channels[0].port: must be a port number (1-65535), got 70000']);
    expect(problems({ ...ok, port: '587' })[0]).toMatch(/^alerts\.channels\[0\]\.port: must be a port number/);
    expect(problems({ ...ok, host: 'smtp://smtp.example.org:587' })[0]).toMatch(/^alerts\.channels\[0\]\.host: must be a host name or IP address/);
    expect(problems({ ...ok, from: 'not-an-address' })[0]).toMatch(/^alerts\.channels\[0\]\.from: must be an email address/);
    expect(problems({ ...ok, to: ['a@example.org', 'b@'] })[0]).toMatch(/^alerts\.channels\[0\]\.to\[1\]: must be an email address/);
    expect(problems({ ...ok, to: [] })[0]).toMatch(/^alerts\.channels\[0\]\.to: must list at least one recipient/);
    expect(problems({ ...ok, secure: true })).toEqual(['alerts.channels[0].port: port 587 speaks STARTTLS: set secure: false (or use port 465 with secure: true)']);
    expect(problems({ ...ok, port: 465 })).toEqual(['alerts.channels[0].secure: port 465 is implicit TLS: set secure: true (or use port 587 with STARTTLS)']);
    expect(problems({ ...ok, port: 465, secure: true })).toEqual([]);
    // Handed to a socket timer: a month would overflow it, 0 would fire at once.
    expect(problems({ ...ok, timeout: '30d' })).toEqual(['alerts.channels[0].timeout: must be between 100ms and 10m, got "30d"']);
    expect(problems({ ...ok, timeout: '0ms' })[0]).toMatch(/^alerts\.channels\[0\]\.timeout: must be between/);
    expect(problems({ ...ok, password: undefined })).toEqual(['alerts.channels[0].password: user is set: give password (${SMTP_PASSWORD}) or passwordFile']);
    expect(problems({ ...ok, passwordFile: '/run/secrets/smtp' })).toEqual(['alerts.channels[0].passwordFile: give either password or passwordFile, not both']);
    expect(problems({ ...ok, requireTLS: false })[0]).toMatch(/requireTLS: the password would cross the network in clear/);
    expect(problems({ ...ok, requireTLS: false, host: '127.0.0.1' })).toEqual([]);
    expect(problems({ ...ok, subjectPrefix: 'a\r\nBcc: x@evil.example' })[0]).toMatch(/subjectPrefix: must be on one line/);
    expect(problems({ ...ok, tls: { cafile: 'x' } })[0]).toMatch(/tls\.cafile: unknown key/);
  });

  it('never echoes a password in a config problem', () => {
    expect(problems({ ...ok, password: 12345678 }).join('\n')).not.toContain('12345678');
  });
});
