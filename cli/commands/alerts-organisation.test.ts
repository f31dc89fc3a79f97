/**
 * A product line watched beside its brand (`Acme Phone` in organisation `Acme`), backtested with
 * `vigie alerts replay` on mentions whose matches come from the config's own watch queries: the
 * product-line rules see the product's crisis (every mention of it also names Acme) and still
 * ignore a competitor's crisis that names the product in passing.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileWatch, type WatchEntry } from '../../enrich/watch/index.ts';
import { mention } from '../../test/fixtures/alerts/make-mention.ts';
import { outputCapture } from '../../test/helpers/capture.ts';
import { command } from './alerts.ts';

const capture = outputCapture();
const HOUR = 3_600_000;
const MIN = 60_000;
const T0 = Date.parse('2026-03-02T05:00:00Z');
const PRODUCT_CRISIS = T0 + 3 * 24 * HOUR + 9 * HOUR;
const ZENITH_CRISIS = T0 + 4 * 24 * HOUR + 9 * HOUR;

const WATCH: WatchEntry[] = [
  { name: 'Acme', role: 'brand', query: 'acme OR #acme' },
  { name: 'Acme Phone', role: 'brand', query: '"acme phone" OR #acmephone', organisation: 'Acme' },
  { name: 'Zenith', role: 'competitor', query: 'zenith' },
];

function config(organisation: boolean, shared = 'exclude'): string {
  return `watch:
  - { name: Acme, role: brand, query: 'acme OR #acme' }
  - { name: Acme Phone, role: brand, query: '"acme phone" OR #acmephone'${organisation ? ', organisation: Acme' : ''} }
  - { name: Zenith, role: competitor, query: zenith }
alerts:
  rules:
    - { kind: volume_surge, name: phone-surge, scope: { names: [Acme Phone] }, shared: ${shared} }
    - { kind: keywords, name: phone-crisis-words, scope: { names: [Acme Phone] }, terms: [fire, fires, recall], shared: ${shared} }
`;
}

/** Four calm days (Acme Phone, Acme and Zenith alone), then a product crisis, then Zenith's. */
function history(): string {
  const matcher = compileWatch(WATCH);
  const out: string[] = [];
  let n = 0;
  const add = (t: number, text: string, sentiment = 0) => {
    const m = mention(t, { text, sentiment, author: `person${n++}` });
    m.matches = matcher.match({ ...m, lang: 'en' });
    out.push(JSON.stringify(m));
  };
  for (let t = T0; t < T0 + 5 * 24 * HOUR; t += 20 * MIN) {
    add(t, `Loving the camera of my Acme Phone ${n}`, 0.5);
    if ((t / (20 * MIN)) % 3 === 0) add(t + 5 * MIN, `Acme store opens late today ${n}`);
    if ((t / (20 * MIN)) % 2 === 0) add(t + 7 * MIN, `Zenith ad on TV ${n}`);
  }
  // A burst shaped like issue 15's: about 5, 16 and 50 voices in its first 5, 10 and 20 minutes.
  const burst = (start: number, text: (i: number) => string) => {
    for (let i = 0; i < 50; i++) add(start + Math.round(20 * MIN * (i / 50) ** (1 / 1.66)), text(i), -0.8);
  };
  burst(PRODUCT_CRISIS, (i) => `Acme Phone battery fires, Acme silent ${i}`);
  burst(ZENITH_CRISIS, (i) => `Zenith recall: batteries catch fire. Glad my Acme Phone is fine ${i}`);
  return `${out.join('\n')}\n`;
}

async function replay(organisation: boolean, shared?: string): Promise<Array<{ type: string; scope: string; eventTime: string; rules: string[] }>> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-orgs-'));
  writeFileSync(join(dir, 'c.yaml'), config(organisation, shared));
  writeFileSync(join(dir, 'm.ndjson'), history());
  const { out } = capture();
  expect(await command.run(['replay', '--config', join(dir, 'c.yaml'), '--input', join(dir, 'm.ndjson')])).toBe(0);
  return out
    .join('')
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

const within = (t: string, from: number, hours: number) => Date.parse(t) >= from && Date.parse(t) < from + hours * HOUR;

describe('a product line in its brand organisation (alerts replay)', () => {
  it('pages on the product crisis within 10 minutes, and not on the competitor crisis that names it in passing', async () => {
    const events = await replay(true);
    const opened = events.filter((e) => e.type === 'opened');
    expect(opened.length).toBe(1);
    expect(opened[0]!.scope).toBe('entry:Acme Phone');
    expect(Date.parse(opened[0]!.eventTime) - PRODUCT_CRISIS).toBeGreaterThanOrEqual(0);
    expect(Date.parse(opened[0]!.eventTime) - PRODUCT_CRISIS).toBeLessThanOrEqual(10 * MIN);
    expect(new Set(events.filter((e) => within(e.eventTime, PRODUCT_CRISIS, 2)).flatMap((e) => e.rules))).toEqual(new Set(['phone-surge', 'phone-crisis-words']));
    expect(events.filter((e) => within(e.eventTime, ZENITH_CRISIS, 6) && e.type !== 'resolved')).toEqual([]);
  });

  it('the competitor crisis is big enough to page when shared mentions are counted (shared: include)', async () => {
    const opened = (await replay(true, 'include')).filter((e) => e.type === 'opened');
    expect(opened.map((e) => e.scope)).toEqual(['entry:Acme Phone', 'entry:Acme Phone']);
    expect(within(opened[1]!.eventTime, ZENITH_CRISIS, 1)).toBe(true);
  });

  it('without the organisation, the product-line rules see nothing: every mention of it also names Acme', async () => {
    expect(await replay(false)).toEqual([]);
  });
});
