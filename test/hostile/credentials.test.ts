/**
 * Credentials stay on their origin (test/fixtures/hostile/credentials/cases.json): a source's
 * headers, whatever their names, reach the origin (scheme, host, port) of its URL and of the
 * origins it lists in `credentialOrigins`, and nothing else: not after a redirect, not on a
 * next-page link, not a POST body behind a 307. Two loopback servers are two origins.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { safeFetch } from '../../ingest/kit/http/fetch.ts';
import { RssConnector, rssConfigSchema } from '../../ingest/rss/index.ts';
import { startFeedServer, type FeedServer } from '../../ingest/kit/testing/feed-server.ts';
import { codeOf } from './measure.ts';

interface Hop {
  name: string;
  attacks: string;
  via: 'redirect' | 'redirect-chain' | 'next-page' | 'post-307';
  to: 'other' | 'other-host' | 'same';
  optIn?: boolean;
  expect: 'credentials' | 'no-credentials' | 'refused';
}
const spec = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'hostile', 'credentials', 'cases.json'), 'utf8')) as {
  headers: { values: Record<string, string> };
  hops: Hop[];
};
const HEADERS = spec.headers.values;
const SECRETS = Object.values(HEADERS).filter((v) => v.includes('secret'));

const atom = (id: string, next?: string) =>
  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>${next ? `<link rel="next" href="${next}"/>` : ''}<entry><id>${id}</id><title>Acme ${id}</title><link href="https://good.example.org/${id}"/><updated>2026-11-17T14:00:00Z</updated><content>Acme</content></entry></feed>`;
const ATOM = { 'content-type': 'application/atom+xml' };

let home: FeedServer;
let other: FeedServer;

beforeAll(async () => {
  home = await startFeedServer();
  other = await startFeedServer();
  const otherBase = (to: Hop['to']) => (to === 'same' ? home.base : to === 'other-host' ? other.base.replace('127.0.0.1', 'localhost') : other.base);
  for (const hop of spec.hops) {
    const target = `${otherBase(hop.to)}/${hop.name}/landing`;
    if (hop.via === 'redirect') home.route(`/${hop.name}`, { status: 302, headers: { location: hop.to === 'same' ? `/${hop.name}/landing` : target } });
    if (hop.via === 'redirect-chain') {
      home.route(`/${hop.name}`, { status: 302, headers: { location: `${other.base}/${hop.name}/away` } });
      other.route(`/${hop.name}/away`, { status: 302, headers: { location: `${home.base}/${hop.name}/landing` } });
    }
    if (hop.via === 'next-page') home.route(`/${hop.name}`, { headers: ATOM, body: atom(`${hop.name}-1`, target) });
    if (hop.via === 'post-307') home.route(`/${hop.name}`, { status: 307, headers: { location: target } });
    for (const srv of [home, other]) srv.route(`/${hop.name}/landing`, { headers: ATOM, body: atom(`${hop.name}-2`) });
  }
});

afterAll(async () => {
  await home.close();
  await other.close();
});

/** Every request each server received for this case, as one string of header values. */
const seen = (srv: FeedServer, name: string) => JSON.stringify(srv.requests.filter((r) => r.path.startsWith(`/${name}`)).map((r) => r.headers));

async function run(hop: Hop): Promise<unknown> {
  const url = home.url(`/${hop.name}`);
  try {
    if (hop.via === 'post-307') {
      await safeFetch(url, { method: 'POST', body: 'client_secret=post-secret-7', headers: HEADERS, allowPrivate: true, timeoutMs: 5000 });
    } else if (hop.via === 'next-page') {
      const cfg = rssConfigSchema.parse({ url, allowPrivate: true, headers: HEADERS, ...(hop.optIn ? { credentialOrigins: [other.base] } : {}) });
      const c = new RssConnector({ ...cfg, name: 'creds' }, { logger: silentLogger(), clock: systemClock, metrics: new Metrics() });
      const first = await c.poll(undefined, AbortSignal.timeout(5000));
      await c.poll(first.cursor, AbortSignal.timeout(5000));
    } else {
      await safeFetch(url, { headers: HEADERS, allowPrivate: true, timeoutMs: 5000 });
    }
    return undefined;
  } catch (e) {
    return e;
  }
}

describe('a source’s headers reach its own origin only', () => {
  it.each(spec.hops.map((h) => [h.name, h] as const))('%s', async (_n, hop) => {
    const err = await run(hop);
    const away = hop.to === 'same' ? '' : seen(other, hop.name);
    const atHome = seen(home, hop.name);
    // The first request always goes to the source's own origin, with every header.
    for (const s of SECRETS) expect(atHome, hop.attacks).toContain(s);
    if (hop.expect === 'refused') {
      expect(codeOf(err)).toBe('ERR_FETCH_REDIRECT');
      expect(away).not.toContain('post-secret-7');
      expect(other.requests.some((r) => r.path.startsWith(`/${hop.name}`))).toBe(false);
      return;
    }
    expect(err, hop.attacks).toBeUndefined();
    if (hop.to !== 'same') expect(away.length, `${hop.name}: the other origin was reached`).toBeGreaterThan(2);
    for (const s of SECRETS) {
      if (hop.expect === 'credentials') expect(hop.to === 'same' ? atHome : away, hop.attacks).toContain(s);
      else expect(away, hop.attacks).not.toContain(s);
    }
    if (hop.via === 'redirect-chain') for (const s of SECRETS) expect(seen(other, hop.name), 'the hop away').not.toContain(s);
  });
});
