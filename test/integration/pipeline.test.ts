import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { KafkaBus } from '../../core/bus-kafka.ts';
import { waitFor } from '../helpers/services.ts';
import { startTestStages, type TestStages } from '../helpers/stages.ts';

// A Québec news feed in Windows-1252 (declared only in the XML declaration) and an English Atom feed.
const frFeed = iconv.encode(`<?xml version="1.0" encoding="windows-1252"?>
<rss version="2.0"><channel><title>Le Fil</title><link>https://fil.example.qc.ca/</link><language>fr-CA</language>
<item><guid>fil-1</guid><title>Brûlerie Boréale : clients ravis</title><link>https://fil.example.qc.ca/1</link>
<pubDate>Tue, 17 Nov 2026 14:00:00 -0500</pubDate>
<description>&lt;p&gt;J’adore ce café, il est vraiment &lt;b&gt;excellent&lt;/b&gt; et délicieux! Bravo à l’équipe, c’est génial.&lt;/p&gt;&lt;script&gt;track()&lt;/script&gt;</description></item>
<item><guid>fil-2</guid><title>Colère chez les clients</title><link>https://fil.example.qc.ca/2</link>
<pubDate>Wed, 18 Nov 2026 09:30:00 -0500</pubDate>
<description>Service horrible, café froid et personnel méprisant. Je suis très déçu, c’est nul et inacceptable.</description></item>
</channel></rss>`, 'win1252');
const enFeed = Buffer.from(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coffee Weekly</title><id>urn:cw</id><updated>2026-11-18T10:00:00Z</updated>
<entry><id>urn:cw:1</id><title>Great news</title><link href="https://cw.example.com/1"/><updated>2026-11-18T10:00:00Z</updated>
<content type="html">I love this coffee, it is absolutely wonderful and the staff are amazing. Best roaster in town!</content></entry>
<entry><id>urn:cw:2</id><title>Awful</title><link href="https://cw.example.com/2"/><updated>2026-11-18T11:00:00Z</updated>
<content type="html">Terrible service, awful burnt coffee. I am very disappointed and angry, worst experience ever.</content></entry>
</feed>`);

describe('pipeline on real Kafka and Elasticsearch: feed -> raw -> enrich -> Elasticsearch', () => {
  let server: Server;
  let s: TestStages;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/fr.xml') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(frFeed);
      else if (req.url === '/en.atom') res.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8' }).end(enFeed);
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const logger = process.env.DEBUG_TEST ? (await import('../../core/logger.ts')).createLogger({ level: 'debug' }) : undefined;
    s = await startTestStages({
      languages: ['fr', 'en'],
      sources: [
        { name: 'le-fil', kind: 'rss', url: `${base}/fr.xml`, allowPrivate: true },
        { name: 'coffee-weekly', kind: 'rss', url: `${base}/en.atom`, allowPrivate: true },
      ],
      index: { flushCount: 100 },
    }, ['ingest', 'enrich', 'index'], logger ? { logger } : {});
  });

  afterAll(async () => {
    await s?.stop();
    server?.close();
  });

  it('stores each feed item once with its language, sentiment and clean text', async () => {
    const results = await s.running.ingest!.runOnce();
    expect(results.every((r) => r.ok)).toBe(true);
    const alias = `${s.prefix}-mentions`;
    await waitFor(async () => {
      await s.rt.es.indices.refresh({ index: alias });
      return (await s.rt.es.count({ index: alias })).count === 4;
    }, 60_000, '4 documents in Elasticsearch');
    const hits = (await s.rt.es.search<Record<string, any>>({ index: alias, size: 10, sort: [{ '@timestamp': 'asc' }] })).hits.hits.map((h) => h._source!);
    const byUrl = new Map(hits.map((h) => [h.url, h]));
    const fr1 = byUrl.get('https://fil.example.qc.ca/1')!;
    expect(fr1.lang.code).toBe('fr');
    expect(fr1.sentiment.label).toBe('positive');
    // Windows-1252 decoded, tags removed with word boundaries kept, script dropped.
    expect(fr1.text).toContain('J’adore ce café, il est vraiment excellent et délicieux!');
    expect(fr1.text).not.toContain('track');
    expect(byUrl.get('https://fil.example.qc.ca/2')!.sentiment.label).toBe('negative');
    expect(byUrl.get('https://fil.example.qc.ca/2')!.lang.code).toBe('fr');
    const en1 = byUrl.get('https://cw.example.com/1')!;
    expect(en1.lang.code).toBe('en');
    expect(en1.sentiment.label).toBe('positive');
    expect(byUrl.get('https://cw.example.com/2')!.sentiment.label).toBe('negative');
    expect(new Date(fr1['@timestamp']).toISOString()).toBe('2026-11-17T19:00:00.000Z');
  });

  it('processing the same mentions again never makes a second document', async () => {
    // Replay the raw topic into the pipeline as if a consumer restarted from the beginning.
    const alias = `${s.prefix}-mentions`;
    const t = s.config.kafka.topics;
    const bus = new KafkaBus({ brokers: s.config.kafka.brokers, clientId: 'replay' });
    const seen: Array<{ key: string | null; value: string }> = [];
    const sub = await bus.consume({ groupId: `${s.prefix}.replay`, topics: [t.raw], handler: async (b) => { seen.push(...b); } });
    await waitFor(async () => seen.length >= 4, 30_000, 'raw topic read back');
    await sub.stop();
    await bus.publish(t.raw, seen.map((m) => ({ key: m.key, value: m.value })));
    await bus.close();
    // Wait until the indexer has received all 8 enriched messages (4 first, 4 replayed).
    const received = async (stage: string) => ((await s.rt.metrics.received.get()).values.filter((v) => v.labels.stage === stage).reduce((a, v) => a + v.value, 0));
    await waitFor(async () => (await received('index')) >= 8, 30_000, 'the replay indexed');
    await s.rt.es.indices.refresh({ index: alias });
    expect((await s.rt.es.count({ index: alias })).count).toBe(4);
  });

  it('dead-letters a mention that fails validation, with stage, code and reason', async () => {
    const t = s.config.kafka.topics;
    const bus = new KafkaBus({ brokers: s.config.kafka.brokers, clientId: 'bad' });
    await bus.publish(t.raw, [{ key: 'bad-1', value: JSON.stringify({ id: 'bad-1', source: { kind: 'rss' }, text: 'no date' }) }, { key: 'bad-2', value: '{not json' }]);
    const dl: any[] = [];
    const sub = await bus.consume({ groupId: `${s.prefix}.dlq-reader`, topics: [t.dlq], handler: async (b) => { dl.push(...b.map((m) => JSON.parse(m.value))); } });
    await waitFor(async () => dl.length >= 2, 30_000, 'two dead letters');
    await sub.stop();
    await bus.close();
    const bad1 = dl.find((d) => d.key === 'bad-1');
    expect(bad1).toMatchObject({ stage: 'enrich', code: 'ERR_SCHEMA_INVALID' });
    expect(bad1.reason).toContain('publishedAt');
    expect(dl.find((d) => d.key === 'bad-2')).toMatchObject({ stage: 'enrich', code: 'ERR_JSON_PARSE' });
  });
});
