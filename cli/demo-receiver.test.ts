import { describe, expect, it } from 'vitest';
import { sign } from '../notify/signature.ts';
import { formatPage, startDemoReceiver, type DemoPage } from './demo-receiver.ts';

const SECRET = 'demo-receiver-test-secret';

async function post(port: number, body: string, sig: string | undefined, delivery = 'd1') {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-vigie-delivery': delivery, 'x-vigie-event': 'opened' };
  if (sig) headers['x-vigie-signature'] = sig;
  return (await fetch(`http://127.0.0.1:${port}/vigie`, { method: 'POST', headers, body })).status;
}

describe('demo receiver', () => {
  it('accepts only a valid, fresh signature and prints each delivery once', async () => {
    const seen: DemoPage[] = [];
    const rx = await startDemoReceiver(SECRET, (p) => seen.push(p));
    try {
      const body = JSON.stringify({ version: 1, title: 't', text: 'hello', alert: { severity: 'warning' } });
      const now = Math.floor(Date.now() / 1000);
      expect(await post(rx.port, body, undefined)).toBe(401);
      expect(await post(rx.port, body, sign('another-secret-entirely', now, body))).toBe(401);
      expect(await post(rx.port, body, sign(SECRET, now - 3600, body))).toBe(401); // a replay
      expect(await post(rx.port, `${body} `, sign(SECRET, now, body))).toBe(401); // body changed
      expect(rx.rejected).toBe(4);
      expect(seen).toEqual([]);
      expect(await post(rx.port, body, sign(SECRET, now, body))).toBe(200);
      expect(await post(rx.port, body, sign(SECRET, now, body))).toBe(200); // at-least-once redelivery
      expect(seen.length).toBe(1);
      expect(rx.repeated).toBe(1);
    } finally {
      await rx.close();
    }
  });

  it('prints the figures and the payload text, with no raw escape sequence from a feed', () => {
    const text = 'Poussée\n- evil: \u001b]0;pwned\u0007 \u202eboom <https://x.example>';
    const out = formatPage({
      at: Date.parse('2026-11-12T23:00:00Z'), delivery: 'd', event: 'opened',
      body: { title: 'T', text, alert: { severity: 'critical', eventTime: '2026-11-12T22:56:00Z', evidence: { count: 4, baseline: 0.067, samples: [{ publishedAt: '2026-11-12T22:40:00Z' }] } } },
    });
    expect(out).toMatch(/severity critical · event opened · count 4 vs baseline 0\.1 · at 2026-11-12T22:56:00Z · 16 min after the first mention it cites/);
    expect(out).not.toMatch(/[\u001b\u0007\u202e]/);
  });
});
