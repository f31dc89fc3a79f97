import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/logger.ts';
import { verifySignature } from '../notify/signature.ts';
import { startReceiver } from '../test/fixtures/alerts/receiver.ts';
import { deliveryTargetSchema } from './config.ts';
import { deliverReport } from './deliver.ts';
import { reportMessage } from './message.ts';
import type { GeneratedReport } from './generate.ts';
import { sampleReport } from './testing.ts';

const noWait = { sleep: async () => undefined, random: () => 0 };
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

function generated(): { r: GeneratedReport; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-deliver-'));
  const html = join(dir, 'acme-2026-W46-en.html');
  const json = join(dir, 'acme-2026-W46-en.json');
  writeFileSync(html, '<html></html>');
  writeFileSync(json, '{}');
  const d = sampleReport();
  d.brand = 'Acme <b>&</b>';
  return { r: { data: d, files: [{ format: 'html', path: html }, { format: 'json', path: json }], failed: [] }, dir };
}

/** Targets as the config loader hands them over (defaults applied). */
const targets = (...xs: unknown[]) => xs.map((x) => deliveryTargetSchema.parse(x));
const base = (dir: string) => ({ locale: 'en' as const, outDir: dir, deadlineMs: 60_000, logger: silentLogger(), retry: noWait });

describe('report delivery', () => {
  it('the message carries the summary, key figures and a public link', () => {
    const { r, dir } = generated();
    const m = reportMessage(r, { locale: 'en', outDir: dir, publicBaseUrl: 'https://reports.example/weekly/' });
    expect(m.headline).toMatch(/^Mentions up 42% \(142 vs 100\)/);
    expect(m.figures).toEqual([
      { label: 'Mentions', value: '142 (+42%)' },
      { label: 'Net sentiment', value: '-0.26' },
      { label: 'Share of voice', value: '62%' },
      { label: 'Alerts', value: '2' },
      { label: 'Response rate', value: '70% (28 / 40; 92% prev. week)' },
      { label: 'Median response time', value: '47 min (90th-percentile response time: 9 h 10 min)' },
      { label: 'Still waiting', value: '10' },
    ]);
    expect(m.link).toBe('https://reports.example/weekly/acme-2026-W46-en.html');
    expect(reportMessage(r, { locale: 'en', outDir: dir }).link).toBe(join(dir, 'acme-2026-W46-en.html'));
  });

  it('retries a webhook that answers 503 twice, then reports it delivered with a valid signature', async () => {
    let n = 0;
    const rx = await startReceiver(() => (++n <= 2 ? 503 : 200));
    closers.push(rx.close);
    const { r, dir } = generated();
    const secret = 'a-long-enough-secret';
    const out = await deliverReport(r, targets({ kind: 'webhook', url: `${rx.url}/hook`, secrets: [secret] }), base(dir));
    expect(out).toEqual([{ target: `webhook:${new URL(rx.url).host}`, ok: true, attempts: 3 }]);
    expect(rx.received).toHaveLength(1);
    const got = rx.received[0]!;
    expect(verifySignature(got.headers['x-vigie-signature'] as string, got.body, [secret])).toBe(true);
    const body = JSON.parse(got.body);
    expect(body.type).toBe('vigie.report');
    expect(body.report.volume.current).toBe(142);
    expect(body.summary.headline).toMatch(/^Mentions up 42%/);
  });

  it('a 400 to the full and to the lean message is not retried and is reported failed with its code; other targets still get theirs', async () => {
    const bad = await startReceiver(() => 400);
    const good = await startReceiver(() => 200);
    closers.push(bad.close, good.close);
    const { r, dir } = generated();
    const out = await deliverReport(r, targets({ kind: 'slack', url: bad.url }, { kind: 'teams', url: good.url }), base(dir));
    expect(out[0]).toMatchObject({ ok: false, attempts: 1, refusedWith: 400, error: { code: 'ERR_ALERT_CHANNEL_REJECTED' } });
    expect(out[0]!.error!.message).toContain('HTTP 400');
    expect(out[1]).toMatchObject({ ok: true, attempts: 1 });
    const card = JSON.parse(good.received[0]!.body);
    expect(card.attachments[0].content.body[0].text).toBe('Acme \\<b\\>&\\</b\\> — Weekly brand\\-perception report — 2026\\-W46');
  });

  it('a message refused as too large (413, 400) is sent once more as headline, figures and link', async () => {
    let n = 0;
    const slack = await startReceiver(() => (++n === 1 ? 400 : 200));
    let h = 0;
    const hook = await startReceiver(() => (++h === 1 ? 413 : 200));
    closers.push(slack.close, hook.close);
    const { r, dir } = generated();
    const out = await deliverReport(r, targets({ kind: 'slack', url: slack.url }, { kind: 'webhook', url: hook.url, secrets: ['a-long-enough-secret'] }), base(dir));
    expect(out.map((o) => [o.ok, o.attempts, o.rendering, o.refusedWith])).toEqual([[true, 1, 'minimal', 400], [true, 1, 'minimal', 413]]);
    const msg = JSON.parse(slack.received[0]!.body);
    expect(msg.blocks[1].text.text).not.toContain('•');
    expect(msg.blocks[1].text.text).toMatch(/^\*Mentions up 42%/);
    expect(msg.blocks[2].fields).toHaveLength(7);
    const body = JSON.parse(hook.received[0]!.body);
    expect(body.report).toBeNull();
    expect(body.figures[0]).toEqual({ label: 'Mentions', value: '142 (+42%)' });
  });

  it('an unreachable endpoint is retried until the deadline, then reported failed', async () => {
    const { r, dir } = generated();
    let t = 0;
    const out = await deliverReport(r, targets({ kind: 'slack', url: 'http://127.0.0.1:9/hook' }), {
      ...base(dir),
      deadlineMs: 10_000,
      now: () => t,
      retry: { sleep: async (ms: number) => void (t += ms), random: () => 0 },
    });
    expect(out[0]!.ok).toBe(false);
    expect(out[0]!.error!.code).toBe('ERR_ALERT_CHANNEL_UNREACHABLE');
    expect(out[0]!.attempts).toBeGreaterThan(2);
  });

  it('slack escapes user text; a folder target gets a copy of every file', async () => {
    const rx = await startReceiver();
    closers.push(rx.close);
    const { r, dir } = generated();
    const dest = join(dir, 'shared', 'reports');
    const out = await deliverReport(r, targets({ kind: 'slack', url: rx.url }, { kind: 'folder', path: dest }), base(dir));
    expect(out.every((o) => o.ok)).toBe(true);
    const msg = JSON.parse(rx.received[0]!.body);
    expect(msg.blocks[0].text.text).toContain('Acme <b>&</b>'); // plain_text header: no markup to escape
    expect(JSON.stringify(msg.blocks.slice(1))).not.toContain('<b>');
    expect(existsSync(join(dest, 'acme-2026-W46-en.html'))).toBe(true);
    expect(readFileSync(join(dest, 'acme-2026-W46-en.json'), 'utf8')).toBe('{}');
  });
});
