import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forTerminal } from '../core/terminal.ts';
import { SIGNATURE_HEADER, verifySignature } from '../notify/signature.ts';

/** One page the demo's receiver accepted. */
export interface DemoPage {
  at: number;
  delivery: string;
  event: string;
  body: Record<string, any>;
}

/**
 * The on-call side of the demo: a webhook receiver on 127.0.0.1 that checks `X-Vigie-Signature`
 * as a real integration does (401 on a bad or stale signature, so Vigie retries and then
 * dead-letters), ignores a delivery id it already has (deliveries are at least once), and hands
 * each page to `onPage` the moment it arrives.
 */
export async function startDemoReceiver(secret: string, onPage: (p: DemoPage) => void): Promise<{ port: number; pages: DemoPage[]; rejected: number; repeated: number; close(): Promise<void> }> {
  const pages: DemoPage[] = [];
  const state = { rejected: 0, repeated: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (!verifySignature(req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined, raw, [secret])) {
        state.rejected++;
        return void res.writeHead(401, { 'content-type': 'text/plain' }).end('bad signature');
      }
      let body: Record<string, any>;
      try {
        body = JSON.parse(raw) as Record<string, any>;
      } catch {
        return void res.writeHead(400, { 'content-type': 'text/plain' }).end('not JSON');
      }
      const delivery = String(req.headers['x-vigie-delivery'] ?? '');
      if (pages.some((p) => p.delivery === delivery)) state.repeated++;
      else {
        const page = { at: Date.now(), delivery, event: String(req.headers['x-vigie-event'] ?? ''), body };
        pages.push(page);
        onPage(page);
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  const port = Number(process.env.DEMO_RECEIVER_PORT ?? 0);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    pages,
    get rejected() { return state.rejected; },
    get repeated() { return state.repeated; },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/**
 * The page as the on-call person reads it: the payload's own title and text (whatever version
 * of the webhook body carries them), then the figures, with the delay from the crisis's first
 * mention in event time.
 */
export function formatPage(p: DemoPage): string {
  const b = p.body;
  const a = (b.alert ?? b.incident ?? {}) as Record<string, any>;
  const ev = (a.evidence ?? {}) as Record<string, any>;
  const cited = ((ev.samples ?? []) as Array<{ publishedAt?: string }>).map((s) => Date.parse(s.publishedAt ?? '')).filter(Number.isFinite);
  const crisisStart = cited.length ? Math.min(...cited) : undefined;
  const lines = [`=== ${p.event === 'resolved' ? 'FOLLOW-UP' : 'PAGE'} received ${new Date(p.at).toISOString()} (signature verified) ===`];
  const title = String(b.title ?? a.title ?? a.rule ?? 'Vigie alert');
  if (!String(b.text ?? '').startsWith(title)) lines.push(title);
  const facts = [`severity ${a.severity ?? '?'}`, `event ${p.event || a.type || '?'}`];
  if (ev.count !== undefined) facts.push(`count ${ev.count}${ev.baseline !== undefined ? ` vs baseline ${Number(ev.baseline).toFixed(1)}` : ''}`);
  if (a.eventTime) facts.push(`at ${a.eventTime}`);
  if (a.eventTime && crisisStart !== undefined) {
    const min = Math.round((Date.parse(a.eventTime) - crisisStart) / 60_000);
    facts.push(`${min} min after the first mention it cites`);
  }
  lines.push(facts.join(' · '));
  if (b.text) lines.push('', String(b.text).trim());
  lines.push('='.repeat(40));
  // Titles, authors and texts come from feeds: no escape sequence reaches the terminal raw.
  return forTerminal(lines.join('\n'));
}
