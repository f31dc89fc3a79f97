/**
 * The chaos suite (`npm run test:chaos`): on its own local stack, with mentions flowing
 * continuously, one fault after another. After each: produced vs indexed (0 lost, 0 duplicate
 * documents), alert pages (0 duplicate, 0 missed episodes) and the time to recover, in one table.
 * About 8 minutes; not part of `npm test` (see docs/operations.md, "Chaos suite").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChaosHarness, type ChaosRow } from './lib/harness.ts';
import { startOwnStack, type OwnStack } from './lib/own-stack.ts';

let stack: OwnStack;

/** Keeps a fault in place for a fixed time (the fault's duration is the point, not a wait for a condition). */
const holdFor = (ms: number) => new Promise((r) => setTimeout(r, ms));
let h: ChaosHarness;

function expectClean(r: ChaosRow): void {
  expect({ lost: r.lost, duplicates: r.duplicates, duplicatePages: r.duplicatePages, missedEpisodes: r.missedEpisodes, crashed: h.crashed() }).toEqual({ lost: 0, duplicates: 0, duplicatePages: 0, missedEpisodes: 0, crashed: [] });
  expect(r.indexed).toBe(r.produced);
}

beforeAll(async () => {
  stack = await startOwnStack();
  h = new ChaosHarness({ brokers: stack.brokers, esUrl: stack.esUrl, prefix: `chaos-${Date.now().toString(36)}`, alerts: true, enrichWorkers: 2, ratePerSec: 50 });
  await h.startAll();
});

afterAll(async () => {
  if (h) {
    console.log(h.render('chaos suite (own Kafka + Elasticsearch, 2 enrich, 1 index, 1 alert worker, 50 mentions/s)'));
    await h.close();
  }
  await stack?.down();
});

describe('chaos: mentions flowing, one fault at a time', () => {
  it('baseline: one episode paged once, everything indexed', async () => {
    const r = await h.scenario('baseline (one alert episode)', async (x) => {
      await x.crisis();
      await x.episodesComplete(120_000);
    });
    expectClean(r);
  });

  it('kill -9 an enrich worker', async () => {
    expectClean(await h.scenario('kill -9 enrich worker', (x) => x.killAndRestart('enrich-1')));
  });

  it('kill -9 the indexer', async () => {
    expectClean(await h.scenario('kill -9 indexer', (x) => x.killAndRestart('index')));
  });

  it('restart the Kafka broker', async () => {
    expectClean(await h.scenario('restart Kafka broker', async () => {
      await stack.stop('kafka');
      await stack.start();
    }));
  });

  it('stop Elasticsearch for 60 s', async () => {
    expectClean(await h.scenario('Elasticsearch down 60 s', async () => {
      await stack.stop('elasticsearch');
      // The flow keeps producing while the cluster is away.
      await holdFor(60_000);
      await stack.start();
    }));
  });

  it('webhook receiver failing for 2 minutes during an episode', async () => {
    expectClean(await h.scenario('webhook failing 2 min', async (x) => {
      x.receiverFailing = true;
      await x.crisis();
      await holdFor(120_000);
      x.receiverFailing = false;
      await x.episodesComplete(120_000);
    }));
  });

  it('kill -9 the alert worker during an episode', async () => {
    expectClean(await h.scenario('kill -9 alert worker mid-episode', async (x) => {
      const before = x.pages().length;
      await x.crisis();
      await new Promise<void>((resolve, reject) => {
        const end = Date.now() + 120_000;
        const t = setInterval(() => {
          if (x.pages().length > before) resolve();
          else if (Date.now() > end) reject(new Error('no opening page'));
          else return;
          clearInterval(t);
        }, 200);
      });
      expect(x.pages().at(-1)!.type).toBe('opened');
      await x.killAndRestart('alerts');
      await x.episodesComplete(120_000);
    }));
  });
});
