/**
 * The chaos suite (`npm run test:chaos`): on its own local stack, with mentions flowing
 * continuously, one fault after another. After each: produced vs indexed (0 lost, 0 duplicate
 * documents), alert pages judged per incident (each crisis one incident, opened once, resolved
 * once, an escalation only on a severity rise, no event twice, nothing from another scenario) and
 * the time to recover, in one table. About 10 minutes; not part of `npm test` (see
 * docs/operations.md, "Chaos suite").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChaosHarness, type ChaosRow } from './lib/harness.ts';
import { describeReceipt } from './lib/incident-pages.ts';
import { startOwnStack, type OwnStack } from './lib/own-stack.ts';

let stack: OwnStack;

/** Keeps a fault in place for a fixed time (the fault's duration is the point, not a wait for a condition). */
const holdFor = (ms: number) => new Promise((r) => setTimeout(r, ms));
let h: ChaosHarness;

function expectClean(r: ChaosRow): void {
  expect({ lost: r.lost, duplicates: r.duplicates, duplicatePages: r.duplicatePages, missedIncidents: r.missedIncidents, pageProblems: r.pageProblems, crashed: h.crashed() }).toEqual({ lost: 0, duplicates: 0, duplicatePages: 0, missedIncidents: 0, pageProblems: [], crashed: [] });
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
  it('baseline: one crisis, one incident paged once, everything indexed', async () => {
    const r = await h.scenario('baseline (one crisis)', async (x) => {
      await x.crisis();
      await x.incidentsComplete(180_000);
    });
    expectClean(r);
    expect(r.incidents).toBe(1);
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

  it('webhook receiver failing for 2 minutes during an incident', async () => {
    const r = await h.scenario('webhook failing 2 min', async (x) => {
      x.receiverFailing = true;
      await x.crisis();
      await holdFor(120_000);
      x.receiverFailing = false;
      await x.incidentsComplete(180_000);
    });
    expectClean(r);
    expect(r.incidents).toBe(1);
  });

  it('kill -9 the alert worker while its incident is open', async () => {
    const r = await h.scenario('kill -9 alert worker mid-incident', async (x) => {
      const c = await x.crisis();
      const first = await x.firstEvent(c, 180_000);
      expect(first.alert.type, describeReceipt(first)).toBe('opened');
      // Killed once the opening is delivered and recorded: a second opening after the restart is
      // then a duplicate page, not an event in doubt (those are resent with the same id by design).
      await x.outboxDrained(120_000);
      const resolved = x.receipts().filter((p) => p.alert.scope === c.scope && p.alert.type === 'resolved');
      expect(resolved.map(describeReceipt), 'the incident must still be open when the worker dies').toEqual([]);
      await x.killAndRestart('alerts');
      await x.incidentsComplete(180_000);
    });
    expectClean(r);
    expect(r.incidents).toBe(1);
  });
});
