import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { isVigieError } from '../../core/errors.ts';
import { startReceiver } from '../../test/fixtures/alerts/receiver.ts';
import { sampleAlert } from '../../test/fixtures/alerts/sample-alert.ts';
import { buildChannels, channelConfigSchema } from '../registry.ts';
import { sign, verifySignature } from '../../notify/signature.ts';
import { slackMessage } from './slack/blocks.ts';
import { teamsMessage } from './teams/card.ts';
import { pagerdutyEvent } from './pagerduty/event.ts';
import { pagerdutyConfig } from './pagerduty/config.ts';

const ctx = { logger: silentLogger(), clock: systemClock, metrics: new Metrics() };
const SECRET = 'new-secret-0123456789';
const OLD = 'old-secret-0123456789';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function channel(cfg: unknown) {
  return buildChannels([channelConfigSchema.parse(cfg)], ctx)[0]!.channel;
}

describe('webhook signature', () => {
  it('verifies with either secret during rotation, rejects tampering, other secrets and stale timestamps', () => {
    const body = '{"a":1}';
    const now = 1_767_600_000;
    const h = sign(SECRET, now, body);
    expect(h).toMatch(/^t=1767600000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(h, body, [SECRET], { nowS: now })).toBe(true);
    expect(verifySignature(h, body, [OLD, SECRET], { nowS: now })).toBe(true);
    expect(verifySignature(sign(OLD, now, body), body, [SECRET, OLD], { nowS: now })).toBe(true);
    expect(verifySignature(h, '{"a":2}', [SECRET], { nowS: now })).toBe(false);
    expect(verifySignature(h, body, ['other-secret-0123456'], { nowS: now })).toBe(false);
    expect(verifySignature(h, body, [SECRET], { nowS: now + 301 })).toBe(false);
    expect(verifySignature('garbage', body, [SECRET], { nowS: now })).toBe(false);
    expect(verifySignature(undefined, body, [SECRET], { nowS: now })).toBe(false);
    expect(verifySignature(`t=${now},v1=zz`, body, [SECRET], { nowS: now })).toBe(false);
  });
});

describe('webhook channel', () => {
  it('posts the alert as signed JSON the receiver can verify', async () => {
    const rx = await startReceiver();
    closers.push(rx.close);
    const ch = await channel({ kind: 'webhook', name: 'hook', url: `${rx.url}/hook`, secrets: [SECRET, OLD], language: 'en' });
    await ch.send(sampleAlert(), new AbortController().signal);
    expect(rx.received.length).toBe(1);
    const r = rx.received[0]!;
    expect(verifySignature(r.headers['x-vigie-signature'] as string, r.body, [SECRET])).toBe(true);
    expect(verifySignature(r.headers['x-vigie-signature'] as string, r.body, [OLD])).toBe(false);
    expect(r.headers['x-vigie-delivery']).toBe('ep1:0');
    const body = JSON.parse(r.body);
    expect(body.version).toBe(2);
    expect(r.headers['x-vigie-incident']).toBe('ep1');
    expect(body.alert.episodeId).toBe('ep1');
    expect(body.title).toBe('[Opened · critical] brand-spike — Acme');
  });

  it('classifies failures: 500 and 429 retriable (Retry-After kept), 400 not, unreachable retriable', async () => {
    let code = 500;
    const rx = await startReceiver(() => code);
    closers.push(rx.close);
    const ch = await channel({ kind: 'webhook', name: 'hook', url: rx.url, secrets: [SECRET] });
    const err = async () => ch.send(sampleAlert(), new AbortController().signal).then(() => undefined, (e: unknown) => e);
    const e500 = await err();
    expect(isVigieError(e500) && e500.code === 'ERR_ALERT_CHANNEL_HTTP' && e500.retriable).toBe(true);
    code = 400;
    const e400 = await err();
    expect(isVigieError(e400) && e400.code === 'ERR_ALERT_CHANNEL_REJECTED' && !e400.retriable).toBe(true);
    await rx.close();
    const down = await err();
    expect(isVigieError(down) && down.code === 'ERR_ALERT_CHANNEL_UNREACHABLE' && down.retriable).toBe(true);
  });

  it('rejects bad configs with a clear message', () => {
    const r = channelConfigSchema.safeParse({ kind: 'webhook', name: 'h', url: 'hook.example', secrets: ['short'] });
    expect(r.success).toBe(false);
    const msgs = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(msgs).toContain('url: must be an absolute http(s) URL');
    expect(msgs).toContain('secrets.0: must be at least 16 characters');
    expect(channelConfigSchema.safeParse({ kind: 'webhook', name: 'h', url: 'http://x', secrets: [SECRET], extra: 1 }).success).toBe(false);
  });
});

describe('slack', () => {
  it('builds Block Kit with escaped user text and no unsafe links', () => {
    const msg = slackMessage(sampleAlert(), 'fr') as { text: string; blocks: Array<Record<string, any>> };
    expect(msg.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '[Ouvert · critique] brand-spike — Acme', emoji: true } });
    const json = JSON.stringify(msg.blocks);
    expect(json).not.toContain('<script>');
    expect(json).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp;');
    expect(json).not.toContain('javascript:');
    expect(json).toContain('<https://example.org/p/1|');
    expect(msg.blocks.at(-1)).toEqual({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Ouvrir dans Kibana' }, url: 'http://kibana.local:5601/app/discover#/?_g=x' }] });
    // Times in Montréal: 15:03Z is 10:03 EST.
    expect(json).toMatch(/10 h 03/);
  });

  it('posts to the incoming webhook URL', async () => {
    const rx = await startReceiver();
    closers.push(rx.close);
    const ch = await channel({ kind: 'slack', name: 's', url: `${rx.url}/services/T/B/X` });
    await ch.send(sampleAlert(), new AbortController().signal);
    expect(JSON.parse(rx.received[0]!.body).blocks.length).toBeGreaterThan(3);
    // No thread through a webhook: quiet updates are not sent.
    expect(ch.accepts?.('updated')).toBe(false);
    expect(ch.accepts?.('escalated')).toBe(true);
  });

  it('Web API: the opening returns its ts, later events reply in its thread; Slack errors are classified', async () => {
    let answer: Record<string, unknown> = { ok: true, ts: '1.000100' };
    const rx = await startReceiver(() => 200, () => answer);
    closers.push(rx.close);
    const ch = await channel({ kind: 'slack', name: 's', token: 'xoxb-1-abc', channel: 'C0123456', apiUrl: `${rx.url}/api` });
    const signal = new AbortController().signal;
    const member = { rule: 'other-rule', kind: 'keywords', scope: 'entry:Acme', severity: 'warning' as const, value: 12, firstAt: '', lastAt: '', active: true, reason: { en: 'crisis words <b>', fr: 'mots de crise <b>' }, evidence: sampleAlert().evidence, kql: '' };
    expect(await ch.send(sampleAlert(), signal)).toBe('1.000100');
    answer = { ok: true, ts: '1.000200' };
    expect(await ch.send(sampleAlert({ id: 'ep1:1', seq: 1, type: 'updated', rules: [{ ...member, rule: 'brand-spike' }, member] }), signal, '1.000100')).toBe('1.000100');
    expect(await ch.send(sampleAlert({ id: 'ep1:2', seq: 2, type: 'escalated' }), signal, '1.000100')).toBe('1.000100');
    const [open, upd, esc] = rx.received.map((r) => JSON.parse(r.body));
    expect(rx.received.every((r) => r.path === '/api/chat.postMessage' && r.headers.authorization === 'Bearer xoxb-1-abc')).toBe(true);
    expect(open.thread_ts).toBeUndefined();
    expect(open.metadata).toEqual({ event_type: 'vigie_incident_event', event_payload: { id: 'ep1:0', incident: 'ep1', seq: 0 } });
    expect([upd.thread_ts, upd.reply_broadcast, esc.thread_ts, esc.reply_broadcast]).toEqual(['1.000100', false, '1.000100', true]);
    // Another rule's line, escaped for mrkdwn.
    expect(JSON.stringify(upd.blocks)).toContain('other-rule (avertissement): mots de crise &lt;b&gt;');
    answer = { ok: false, error: 'channel_not_found' };
    await expect(ch.send(sampleAlert(), signal)).rejects.toMatchObject({ code: 'ERR_ALERT_CHANNEL_REJECTED', retriable: false });
    answer = { ok: false, error: 'ratelimited' };
    await expect(ch.send(sampleAlert(), signal)).rejects.toMatchObject({ code: 'ERR_ALERT_CHANNEL_HTTP', retriable: true });
    // An event in doubt is looked up by its metadata in the thread.
    answer = { ok: true, messages: [{ ts: '1.000300', metadata: { event_type: 'vigie_incident_event', event_payload: { id: 'ep1:2' } } }] };
    expect(await ch.delivered!(sampleAlert({ id: 'ep1:2', seq: 2, type: 'escalated' }), '1.000100', signal)).toEqual({ thread: '1.000100' });
    expect(await ch.delivered!(sampleAlert({ id: 'ep1:3', seq: 3, type: 'updated' }), '1.000100', signal)).toBeUndefined();
    expect(rx.received.at(-1)!.path).toMatch(/^\/api\/conversations\.replies\?channel=C0123456&include_all_metadata=true&limit=200&ts=1\.000100$/);
  });

  it('needs either a webhook url or a token and a channel', () => {
    const bad = (cfg: object) => channelConfigSchema.safeParse({ kind: 'slack', name: 's', ...cfg }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(bad({})).toEqual(['url: give url (incoming webhook) or token + channel (Web API, threads incidents)']);
    expect(bad({ url: 'https://hooks.slack.com/x', token: 'xoxb-1' })?.[0]).toMatch(/^url: give either url/);
    expect(bad({ token: 'xoxb-1' })).toEqual(['channel: token is set: give the channel id (C0123456789)']);
    expect(bad({ token: 'not-a-token', channel: 'C0123456' })?.[0]).toMatch(/^token: must be a Slack bot token/);
  });
});

describe('teams', () => {
  it('wraps an Adaptive Card 1.4 in a message attachment, escaping Markdown in user text', () => {
    const msg = teamsMessage(sampleAlert(), 'en') as any;
    expect(msg.type).toBe('message');
    const att = msg.attachments[0];
    expect(att.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(att.content.type).toBe('AdaptiveCard');
    expect(att.content.version).toBe('1.4');
    expect(att.content.actions[0]).toEqual({ type: 'Action.OpenUrl', title: 'Open in Kibana', url: 'http://kibana.local:5601/app/discover#/?_g=x' });
    const json = JSON.stringify(att.content.body);
    expect(json).toContain('\\\\[x\\\\]\\\\(http://evil\\\\)');
    expect(json).not.toContain('javascript:');
    expect(att.content.body[2].type).toBe('FactSet');
  });
});

describe('pagerduty', () => {
  const cfg = pagerdutyConfig.parse({ kind: 'pagerduty', name: 'pd', routingKey: 'R0123456789abcdef0123456789abcde' });
  it('triggers with dedup_key = episode id, resolves with the same key', () => {
    const t = pagerdutyEvent(sampleAlert(), cfg, 'en') as any;
    expect(t.event_action).toBe('trigger');
    expect(t.dedup_key).toBe('ep1');
    expect(t.routing_key).toBe('R0123456789abcdef0123456789abcde');
    expect(t.payload.severity).toBe('critical');
    expect(t.payload.source).toBe('vigie');
    expect(t.payload.summary.length).toBeLessThanOrEqual(1024);
    expect(t.links[0]).toEqual({ href: 'http://kibana.local:5601/app/discover#/?_g=x', text: 'Kibana' });
    expect(t.links.some((l: { href: string }) => l.href.startsWith('javascript'))).toBe(false);
    const r = pagerdutyEvent(sampleAlert({ type: 'resolved', id: 'ep1:2', seq: 2 }), cfg, 'en');
    expect(r).toEqual({ routing_key: cfg.routingKey, event_action: 'resolve', dedup_key: 'ep1' });
    const ack = pagerdutyEvent(sampleAlert({ type: 'escalated' }), { ...cfg, acknowledgeOnEscalation: true }, 'en');
    expect(ack).toEqual({ routing_key: cfg.routingKey, event_action: 'acknowledge', dedup_key: 'ep1' });
  });
  it('rejects a malformed routing key', () => {
    expect(pagerdutyConfig.safeParse({ kind: 'pagerduty', name: 'pd', routingKey: '${PD}' }).success).toBe(false);
  });
});
