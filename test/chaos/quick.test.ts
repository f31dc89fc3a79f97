/**
 * The CI subset of the chaos suite, run by the integration project on the shared services: the
 * two kill -9 cases (an enrich worker, the indexer) with mentions flowing, 0 lost, 0 duplicates.
 * The broker restart, the Elasticsearch outage and the alerting faults need their own stack and
 * minutes each: `npm run test:chaos`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elasticsearchUrl, kafkaBrokers, uniqueName } from '../helpers/services.ts';
import { ChaosHarness, type ChaosRow } from './lib/harness.ts';

let h: ChaosHarness;

function expectClean(r: ChaosRow): void {
  expect({ lost: r.lost, duplicates: r.duplicates, indexed: r.indexed, crashed: h.crashed() }).toEqual({ lost: 0, duplicates: 0, indexed: r.produced, crashed: [] });
}

beforeAll(async () => {
  h = new ChaosHarness({ brokers: kafkaBrokers(), esUrl: elasticsearchUrl(), prefix: uniqueName('chaos-quick'), enrichWorkers: 2, ratePerSec: 50 });
  await h.startAll();
});

afterAll(async () => {
  if (h) {
    console.log(h.render('chaos quick (CI subset: shared services, 2 enrich, 1 index, 50 mentions/s)'));
    await h.close();
  }
});

describe('chaos quick: kill -9 with mentions flowing', () => {
  it('kill -9 an enrich worker: nothing lost, nothing doubled', async () => {
    expectClean(await h.scenario('kill -9 enrich worker', (x) => x.killAndRestart('enrich-1')));
  });

  it('kill -9 the indexer: nothing lost, nothing doubled', async () => {
    expectClean(await h.scenario('kill -9 indexer', (x) => x.killAndRestart('index')));
  });
});
