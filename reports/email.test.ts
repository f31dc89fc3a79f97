import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { REDACT_PATHS, silentLogger } from '../core/logger.ts';
import { parseMail, startSmtp, type TestSmtp } from '../notify/email/testing.ts';
import { crossCheckReports, deliveryTargetSchema, reportsConfigSchema } from './config.ts';
import { deliverReport } from './deliver.ts';
import type { GeneratedReport } from './generate.ts';
import { sampleReport } from './testing.ts';

const USER = 'reports@example.org';
const PASS = 'Report-smtp-pass-8812';
const noWait = { sleep: async () => undefined, random: () => 0 };
const closers: Array<() => unknown> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function server(reply?: () => number | undefined): Promise<TestSmtp> {
  const s = await startSmtp({ user: USER, pass: PASS, ...(reply ? { reply } : {}) });
  closers.push(() => s.close());
  return s;
}

const PDF = Buffer.from('%PDF-1.7\n\u0000\u00ff binary bytes\n%%EOF\n', 'latin1');

function generated(formats: Array<'html' | 'pdf' | 'json'> = ['html', 'pdf', 'json']): { r: GeneratedReport; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-report-mail-'));
  closers.push(() => rmSync(dir, { recursive: true, force: true }));
  const files: GeneratedReport['files'] = [];
  const write = (format: 'html' | 'pdf' | 'json', body: string | Buffer) => {
    const path = join(dir, `acme-2026-W46-en.${format}`);
    writeFileSync(path, body);
    files.push({ format, path });
  };
  if (formats.includes('html')) write('html', '<!doctype html><html><body><h1>Acme &lt;b&gt; weekly</h1><p>Report body é</p></body></html>');
  if (formats.includes('pdf')) write('pdf', PDF);
  if (formats.includes('json')) write('json', '{"version":1}');
  const d = sampleReport();
  d.brand = 'Acme <b>&</b>';
  return { r: { data: d, files, failed: [] }, dir };
}

function target(port: number, over: Record<string, unknown> = {}) {
  return deliveryTargetSchema.parse({ kind: 'email', host: '127.0.0.1', port, requireTLS: false, user: USER, password: PASS, from: 'Vigie <reports@example.org>', to: ['direction@example.org'], timeout: '5s', ...over });
}

const opts = (dir: string, over: Record<string, unknown> = {}) => ({ locale: 'en' as const, outDir: dir, deadlineMs: 60_000, logger: silentLogger(), retry: noWait, ...over });

describe('report delivery by email (real SMTP conversation)', () => {
  it('sends the HTML report as the body, the summary as text, PDF and JSON attached byte for byte', async () => {
    const s = await server();
    const { r, dir } = generated();
    const out = await deliverReport(r, [target(s.port, { attach: ['pdf', 'json'] })], opts(dir));
    expect(out).toEqual([{ target: 'email:127.0.0.1', ok: true, attempts: 1 }]);
    const m = parseMail(s.received[0]!.raw);
    expect(m.headers.subject).toBe('[Vigie] Acme <b>&</b> — Weekly brand-perception report — 2026-W46');
    expect(m.headers['message-id']).toBe('<vigie.report.acme-b-b.2026-W46.en@example.org>');
    expect(m.headers['x-vigie-delivery']).toBe('report:Acme <b>&</b>:2026-W46:en');
    expect(m.headers['x-vigie-event']).toBe('report');
    const html = m.parts.find((p) => p.contentType === 'text/html' && !p.filename)!.body.toString('utf8');
    expect(html).toBe(readFileSync(join(dir, 'acme-2026-W46-en.html'), 'utf8'));
    const text = m.parts.find((p) => p.contentType === 'text/plain')!.body.toString('utf8');
    expect(text).toMatch(/^Acme <b>&<\/b> — Weekly brand-perception report — 2026-W46\n\nMentions up 42% \(142 vs 100\)/);
    expect(text).toContain('Net sentiment: -0.26');
    const pdf = m.parts.find((p) => p.filename === 'acme-2026-W46-en.pdf')!;
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.body.equals(PDF)).toBe(true);
    expect(m.parts.find((p) => p.filename === 'acme-2026-W46-en.json')!.body.toString()).toBe('{"version":1}');
  });

  it('summary body (escaped), the HTML attached, a missing PDF named instead of attached', async () => {
    const s = await server();
    const { r, dir } = generated(['html', 'json']);
    const out = await deliverReport(r, [target(s.port, { body: 'summary', attach: ['html', 'pdf'], subjectPrefix: '[Hebdo]' })], opts(dir, { locale: 'fr' }));
    expect(out[0]!.ok).toBe(true);
    const m = parseMail(s.received[0]!.raw);
    expect(m.headers.subject).toMatch(/^\[Hebdo\] Acme <b>&<\/b> — /);
    const html = m.parts.find((p) => p.contentType === 'text/html' && !p.filename)!.body.toString('utf8');
    expect(html).toContain('<h2>Acme &lt;b&gt;&amp;&lt;/b&gt; — ');
    expect(html).not.toContain('<b>&</b>');
    expect(html).toContain('Non produit: PDF');
    expect(m.parts.filter((p) => p.filename).map((p) => p.filename)).toEqual(['acme-2026-W46-en.html']);
  });

  it('a refused recipient is listed in the outcome; the others got the report once', async () => {
    const s = await startSmtp({ user: USER, pass: PASS, refuse: ['nobody@example.org'] });
    closers.push(() => s.close());
    const { r, dir } = generated();
    const out = await deliverReport(r, [target(s.port, { to: ['direction@example.org', 'nobody@example.org'] })], opts(dir));
    expect(out).toEqual([{ target: 'email:127.0.0.1', ok: true, attempts: 1, rejected: ['nobody@example.org'] }]);
    expect(s.received.map((x) => x.to)).toEqual([['direction@example.org']]);
  });

  it('451 is retried, then delivered once', async () => {
    let n = 0;
    const s = await server(() => (++n <= 2 ? 451 : undefined));
    const { r, dir } = generated();
    const out = await deliverReport(r, [target(s.port)], opts(dir));
    expect(out).toEqual([{ target: 'email:127.0.0.1', ok: true, attempts: 3 }]);
    expect(s.received.length).toBe(1);
  });

  it('550 is not retried: reported failed with the SMTP reply', async () => {
    const s = await server(() => 550);
    const { r, dir } = generated();
    const out = await deliverReport(r, [target(s.port)], opts(dir));
    expect(out[0]).toMatchObject({ ok: false, attempts: 1, error: { code: 'ERR_EMAIL_REJECTED' } });
    expect(out[0]!.error!.message).toContain('550 Mailbox unavailable');
  });

  it('552 (too large for the server): sent once more without attachments, naming them with their links', async () => {
    let n = 0;
    const s = await server(() => (++n === 1 ? 552 : undefined));
    const { r, dir } = generated();
    const out = await deliverReport(r, [target(s.port, { attach: ['pdf', 'json'] })], opts(dir, { publicBaseUrl: 'https://reports.example.org/w' }));
    expect(out).toEqual([{ target: 'email:127.0.0.1', ok: true, attempts: 1, rendering: 'minimal', refusedWith: 552 }]);
    expect(s.received).toHaveLength(1);
    const m = parseMail(s.received[0]!.raw);
    expect(m.parts.filter((p) => p.filename)).toEqual([]);
    const text = m.parts.find((p) => p.contentType === 'text/plain')!.body.toString('utf8');
    expect(text).toContain('PDF: https://reports.example.org/w/acme-2026-W46-en.pdf');
    expect(text).toContain('Attachments refused by the server (too large), read them online: PDF, JSON');
  });

  it('server down: retried until the deadline, then reported failed', async () => {
    const s = await server();
    await s.close();
    const { r, dir } = generated();
    let t = 0;
    const out = await deliverReport(r, [target(s.port)], opts(dir, { deadlineMs: 10_000, now: () => t, retry: { sleep: async (ms: number) => void (t += ms), random: () => 0 } }));
    expect(out[0]).toMatchObject({ ok: false, error: { code: 'ERR_EMAIL_UNREACHABLE' } });
    expect(out[0]!.attempts).toBeGreaterThan(2);
  });

  it('wrong password: ERR_EMAIL_AUTH at once, the password in neither the outcome nor the logs', async () => {
    const s = await server();
    const lines: string[] = [];
    const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }));
    const { r, dir } = generated();
    const wrong = 'Wrong-report-pass-77';
    const out = await deliverReport(r, [target(s.port, { password: wrong })], opts(dir, { logger }));
    expect(out[0]).toMatchObject({ ok: false, attempts: 1, error: { code: 'ERR_EMAIL_AUTH' } });
    expect(lines.join('')).toContain('report NOT delivered');
    const all = lines.join('') + JSON.stringify(out);
    for (const x of [wrong, Buffer.from(wrong).toString('base64'), Buffer.from(`\0${USER}\0${wrong}`).toString('base64')]) expect(all).not.toContain(x);
  });
});

describe('report email config', () => {
  const email = { kind: 'email', host: 'smtp.example.org', user: 'u', password: 'p', from: 'reports@example.org', to: ['a@example.org'] };

  it('defaults: the report as the body, the PDF attached', () => {
    expect(deliveryTargetSchema.parse(email)).toMatchObject({ body: 'report', attach: ['pdf'], port: 587, requireTLS: true });
  });

  it('rejects bad fields with their path, and attachments the schedule does not write', () => {
    const bad = reportsConfigSchema.safeParse({ schedules: [{ brand: 'Acme', deliver: [{ ...email, port: 0, to: ['x'] }] }] });
    const issues = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toContain('schedules.0.deliver.0.port: must be a port number (1-65535)');
    expect(issues).toContainEqual(expect.stringMatching(/^schedules\.0\.deliver\.0\.to\.0: must be an email address/));
    const c = reportsConfigSchema.parse({ formats: ['md', 'json'], schedules: [{ brand: 'Acme', deliver: [{ ...email, attach: ['pdf', 'md'] }] }] });
    expect(crossCheckReports(c, ['Acme'])).toEqual([
      { path: 'reports.schedules[0].deliver[0].body', message: '"report" needs html among the formats (md, json): add it or use body: summary' },
      { path: 'reports.schedules[0].deliver[0].attach', message: '"pdf" is not among the formats written (md, json)' },
    ]);
  });
});
