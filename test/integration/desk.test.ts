import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.ts';
import type { RawMentionInput } from '../../core/mention.ts';
import { Desk, type DeskItem } from '../../desk/queue.ts';
import { trackedPlatforms } from '../../core/owned.ts';
import { startDeskServer } from '../../desk/server.ts';
import { findChromium } from '../../reports/render/chromium.ts';
import { Browser } from '../helpers/cdp.ts';
import { waitFor } from '../helpers/services.ts';
import { runChild } from '../helpers/child.ts';
import { startTestStages, type TestStages } from '../helpers/stages.ts';

/**
 * The response desk end to end on real Kafka and Elasticsearch: raw mentions and the brand's
 * replies go through enrich and index; the answered parents carry `response`; the desk queue
 * (API and a real headless Chromium) shows what still waits.
 */
describe('response desk on real Kafka and Elasticsearch', () => {
  let s: TestStages;
  let desk: Desk;
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  const mention = (id: string, text: string, over: Partial<RawMentionInput> = {}): RawMentionInput => ({
    id, source: { kind: 'x' }, url: `https://x.example/status/${id}`, publishedAt: at(30), text, author: { id: `u-${id}`, handle: `fan_${id.replace(/\W/g, '')}`, followers: 120 }, ...over,
  });
  const reply = (id: string, parentId: string, minutesAgo: number, over: Partial<RawMentionInput> = {}) =>
    mention(id, 'Bonjour, on regarde ça tout de suite et on vous écrit en privé.', { parentId, publishedAt: at(minutesAgo), author: { id: '4242', handle: 'BrulerieBoreale' }, ...over });
  const publish = (ms: RawMentionInput[]) => s.publish(ms);
  const doc = (id: string) => s.doc(id);
  const queueIds = async () => (await desk.queue({ now: Date.now() })).items.map((i) => i.id);

  beforeAll(async () => {
    s = await startTestStages({
      languages: ['fr', 'en'],
      watch: [{ name: 'Brûlerie Boréale', role: 'brand', query: '"brulerie boreale" OR @brulerieboreale', owned: { x: ['4242'], mastodon: ['brulerie@mastodon.example'] } }],
      index: { flushCount: 100 },
    }, ['enrich', 'index'], { clientId: 'desk-test' });
    desk = new Desk(s.rt.es, s.prefix, trackedPlatforms(s.config.watch));
  });

  afterAll(() => s?.stop());

  it('owned replies mark their parents answered, whatever the order and however often; the queue holds the rest', async () => {
    // q1: answered by its reply published (and sent) first, then q1 itself, then the reply again.
    // q2: answered twice, the earlier answer wins. q3: a fan's reply, not the brand's: still waits.
    // q4: the brand's X account "replies" to a Mastodon id: another platform, nothing answered.
    await publish([reply('x:r1', 'x:q1', 25)]);
    await publish([
      mention('x:q1', 'Est-ce que la Brûlerie Boréale ouvre le 26 décembre?', { publishedAt: at(30) }),
      mention('x:q2', 'Toujours pas reçu ma commande Brûlerie Boréale, inacceptable', { publishedAt: at(60) }),
      mention('x:q3', 'How do I reset my Brulerie Boreale loyalty card?', { publishedAt: at(45) }),
      mention('mastodon:q4', 'Pourquoi la Brûlerie Boréale a fermé rue Cartier?', { source: { kind: 'mastodon' }, publishedAt: at(20) }),
      mention('x:n1', 'La Brûlerie Boréale ouvre un café à Lévis', { publishedAt: at(10) }),
      // A question in a news feed: no owned account there, so listed apart (no answer can be seen).
      mention('rss:q6', 'Pourquoi la Brûlerie Boréale augmente-t-elle ses prix?', { source: { kind: 'rss' }, url: 'https://nouvelles.example/q6', publishedAt: at(35) }),
    ]);
    await publish([reply('x:r2b', 'x:q2', 40), reply('x:r2a', 'x:q2', 50), reply('x:r1', 'x:q1', 25), mention('x:r3', 'Same question here', { parentId: 'x:q3', publishedAt: at(40) }), reply('x:r4', 'mastodon:q4', 15)]);

    await waitFor(async () => {
      await s.refresh();
      const [q1, q2] = [await doc('x:q1'), await doc('x:q2')];
      return q1?.response && q2?.response?.replyId === 'x:r2a' && (await doc('rss:q6')) !== undefined;
    }, 90_000, 'q1 and q2 answered, q6 indexed');
    const q1 = (await doc('x:q1'))!;
    expect(q1.reply).toEqual({ needed: true, reasons: ['question'] });
    expect(q1.response).toMatchObject({ by: 'BrulerieBoreale', replyId: 'x:r1', platform: 'x', seconds: 300 });
    expect((await doc('x:q2'))!.response).toMatchObject({ replyId: 'x:r2a', seconds: 600 });
    expect((await doc('x:q3'))!.response).toBeUndefined();
    expect((await doc('mastodon:q4'))!.response).toBeUndefined();
    // The brand's replies are stored (they do not name the brand) but never wait.
    expect((await doc('x:r1'))!.reply).toEqual({ needed: false, reasons: [], owner: 'Brûlerie Boréale' });
    // A re-delivered parent keeps its response (the index stage copies it back on).
    await publish([mention('x:q1', 'Est-ce que la Brûlerie Boréale ouvre le 26 décembre?', { publishedAt: at(30), engagement: { likes: 3 } })]);
    await waitFor(async () => {
      await s.refresh();
      const d = await doc('x:q1');
      return d?.engagement?.likes === 3 && d.response?.replyId === 'x:r1';
    }, 60_000, 're-delivered q1 with its response');

    const { items: queue, untracked } = await desk.queue({ now: Date.now() });
    expect(queue.map((i) => i.id).sort()).toEqual(['mastodon:q4', 'x:q3']);
    expect(untracked.map((i) => i.id)).toEqual(['rss:q6']);
    // A question (the accurate sentiment tier may also read it as a complaint: the price rise).
    expect(untracked[0]).toMatchObject({ platform: 'rss', reasons: expect.arrayContaining(['question']), brand: ['Brûlerie Boréale'] });
    // `vigie desk list` as a child process: the split comes from the config's owned accounts.
    const file = join(await mkdtemp(join(tmpdir(), 'vigie-desk-cli-')), 'vigie.yaml');
    await writeFile(file, `elasticsearch:\n  node: ${JSON.stringify(process.env.ELASTICSEARCH_URL)}\n  indexPrefix: ${JSON.stringify(s.prefix)}\nwatch:\n  - name: Brûlerie Boréale\n    role: brand\n    query: '"brulerie boreale"'\n    owned: { x: ["4242"], mastodon: ["brulerie@mastodon.example"] }\n`);
    const cli = await runChild(process.execPath, [join(import.meta.dirname, '..', '..', 'cli', 'bin.js'), 'desk', 'list', '--config', file, '--json'], { env: { ...process.env, VIGIE_LOG_LEVEL: 'warn' } });
    expect(cli.code, cli.stderr).toBe(0);
    const listed = JSON.parse(cli.stdout) as { items: DeskItem[]; untracked: DeskItem[] };
    expect(listed.items.map((i) => i.id).sort()).toEqual(['mastodon:q4', 'x:q3']);
    expect(listed.untracked.map((i) => i.id)).toEqual(['rss:q6']);
    const text = await runChild(process.execPath, [join(import.meta.dirname, '..', '..', 'cli', 'bin.js'), 'desk', 'list', '--config', file], { env: { ...process.env, VIGIE_LOG_LEVEL: 'warn' } });
    expect(text.stdout).toMatch(/\nuntracked \(1\): no owned account of the brand on these platforms[^\n]*\n +\d+\.\d  rss +\S+ +35 min  rss:q6\n$/);
    const q3 = queue.find((i) => i.id === 'x:q3')!;
    expect(q3).toMatchObject({ platform: 'x', author: 'fan_xq3', url: 'https://x.example/status/x:q3', reasons: ['question'] });
    expect(q3.waitingSeconds).toBeGreaterThanOrEqual(45 * 60);
  });

  it('desk state is stored in Elasticsearch: handled and snoozed leave the queue for every reader', async () => {
    await desk.act('mastodon:q4', { action: 'snooze', minutes: 30 }, Date.now());
    expect(await queueIds()).toEqual(['x:q3']);
    await desk.act('x:q3', { action: 'assign', assignee: 'Camille' }, Date.now());
    const other = new Desk(s.rt.es, s.prefix, trackedPlatforms(s.config.watch));
    expect((await other.queue({ now: Date.now() })).items[0]).toMatchObject({ id: 'x:q3', assignee: 'Camille' });
    // After the snooze, it is back.
    expect((await other.queue({ now: Date.now() + 31 * 60_000 })).items.map((i) => i.id).sort()).toEqual(['mastodon:q4', 'x:q3']);
    await desk.act('mastodon:q4', { action: 'reopen' }, Date.now());
  });

  it('in a real browser: loads, shows a new waiting mention, marking handled removes it, a reply seen on the platform removes it', async () => {
    const chromium = await findChromium();
    if (!chromium) throw new Error('headless Chromium is needed: apt-get install -y chromium');
    const server: Server = await startDeskServer({ desk, host: '127.0.0.1', port: 0, clock: { now: () => Date.now() } as never, logger: silentLogger(), pollMs: 500 });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const browser = await Browser.launch(chromium);
    const ids = `[...document.querySelectorAll('#queue li')].map((li) => li.dataset.id)`;
    try {
      await browser.goto(`${base}?lang=fr`);
      await browser.waitFor(`${ids}.includes('x:q3')`, 20_000);
      expect(await browser.evaluate<string>('document.documentElement.lang')).toBe('fr');
      expect(await browser.evaluate<string>(`document.querySelector('li[data-id="x:q3"] .handled').textContent`)).toBe('Traité');
      // The news-feed question is listed apart, under why its answer cannot be tracked.
      const untrackedIds = `[...document.querySelectorAll('#untracked li')].map((li) => li.dataset.id)`;
      expect(await browser.evaluate<string[]>(untrackedIds)).toEqual(['rss:q6']);
      expect(await browser.evaluate<string>(`document.querySelector('#untracked summary').textContent`)).toBe('Réponse non suivie (1)');
      expect(await browser.evaluate<string>(`document.querySelector('#untracked .why').textContent`)).toMatch(/pas de compte configuré/);
      expect(await browser.evaluate<string>('document.getElementById("count").textContent')).toBe('(2)');

      // A new waiting mention appears by itself.
      await publish([mention('x:q5', 'Brûlerie Boréale, vous livrez-tu à Québec? Ça fait 2 semaines que j’attends', { publishedAt: at(5), author: { id: 'u5', handle: 'critique_qc', followers: 48_000 } })]);
      await browser.waitFor(`${ids}.includes('x:q5')`, 60_000);
      expect(await browser.evaluate<string>(`document.querySelector('li[data-id="x:q5"] .author').textContent`)).toBe('critique_qc');
      expect(await browser.evaluate<string>(`document.querySelector('li[data-id="x:q5"] a.answer').href`)).toBe('https://x.example/status/x:q5');
      // The screenshots in docs/images come from here: DESK_SCREENSHOTS=docs/images to refresh them.
      const shots = process.env.DESK_SCREENSHOTS ?? (await mkdtemp(join(tmpdir(), 'vigie-desk-')));
      await mkdir(shots, { recursive: true });
      await writeFile(join(shots, 'desk-phone-fr.png'), await browser.screenshot());

      // Marking it handled removes it, for the browser and for the API.
      await browser.evaluate(`document.querySelector('li[data-id="x:q3"] .handled').click()`);
      await browser.waitFor(`!${ids}.includes('x:q3')`, 20_000);
      expect(await queueIds()).not.toContain('x:q3');

      // The brand answers on the platform: the reply flows through the pipeline and the mention leaves.
      await publish([reply('x:r5', 'x:q5', 1)]);
      await browser.waitFor(`!${ids}.includes('x:q5')`, 60_000);
      expect(await browser.evaluate<string[]>(ids)).toEqual(['mastodon:q4']);

      await browser.goto(`${base}?lang=en`);
      await browser.waitFor(`${ids}.length === 1`, 20_000);
      expect(await browser.evaluate<string>(`document.querySelector('.handled').textContent`)).toBe('Handled');
      await writeFile(join(shots, 'desk-phone-en.png'), await browser.screenshot());
      // Handled is the only way out for an untracked one.
      expect(await browser.evaluate<string>(`document.querySelector('#untracked summary').textContent`)).toBe('Answers not tracked (1)');
      await browser.evaluate(`document.querySelector('#untracked li[data-id="rss:q6"] .handled').click()`);
      await browser.waitFor(`document.getElementById('untracked').hidden`, 20_000);
      expect((await desk.queue({ now: Date.now() })).untracked).toEqual([]);
    } finally {
      await browser.close();
      server.close();
    }
  });

  it('refuses a non-loopback bind without a token, and a request without it when set', async () => {
    await expect(startDeskServer({ desk, host: '0.0.0.0', port: 0, clock: { now: () => Date.now() } as never, logger: silentLogger() })).rejects.toMatchObject({ code: 'ERR_DESK_TOKEN_REQUIRED' });
    const server = await startDeskServer({ desk, host: '127.0.0.1', port: 0, token: 's3cret-token-for-test', clock: { now: () => Date.now() } as never, logger: silentLogger() });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${base}/api/queue`)).status).toBe(401);
      const ok = await fetch(`${base}/api/queue`, { headers: { authorization: 'Bearer s3cret-token-for-test' } });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { items: DeskItem[]; untracked: DeskItem[] }).items.map((i) => i.id)).toEqual(['mastodon:q4']);
      const noHeader = await fetch(`${base}/api/items/mastodon%3Aq4`, { method: 'POST', headers: { authorization: 'Bearer s3cret-token-for-test' }, body: '{"action":"handled"}' });
      expect(noHeader.status).toBe(403);
    } finally {
      server.close();
    }
  });
});
