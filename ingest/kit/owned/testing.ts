import { MemoryBus } from '../../../core/bus-memory.ts';
import type { Connector } from '../../../core/contracts.ts';
import { silentLogger } from '../../../core/logger.ts';
import type { RawMention } from '../../../core/mention.ts';
import { Metrics } from '../../../core/metrics.ts';
import { accountKey, indexOwned, ownerOf, type OwnedAccounts } from '../../../core/owned.ts';
import { MemoryCursorStore } from '../../runner/cursor-store.ts';
import { IngestRunner } from '../../runner/runner.ts';
import type { ValidatedSource } from '../source-common.ts';
import { mergeOwned } from './types.ts';

/**
 * A runner over one source and the brand's owned accounts, on the in-memory bus (test helper):
 * what a connector's owned reads publish, and the cursors saved for them.
 */
export async function ownedRunner(source: ValidatedSource, connector: Connector, owned: OwnedAccounts) {
  const bus = new MemoryBus();
  await bus.ensureTopics([{ name: 'raw', partitions: 1, replicationFactor: 1 }, { name: 'dlq', partitions: 1, replicationFactor: 1 }]);
  const cursors = new MemoryCursorStore();
  const runner = new IngestRunner({
    sources: [source], bus, topic: 'raw', dlqTopic: 'dlq', cursors, logger: silentLogger(), metrics: new Metrics(),
    createConnector: () => connector, hostIntervalMs: 0, healthLogIntervalMs: 0, retries: 0,
    ownedAccounts: mergeOwned([{ owned }]),
  });
  const brands = indexOwned([{ name: 'Brûlerie Boréale', owned }]);
  return {
    runner,
    bus,
    cursors,
    /** Cursor key of one owned account's read. */
    key: (account: string) => `${source.name}/owned/${accountKey(account)}`,
    /** Every mention published, parsed. */
    published: () => bus.messages('raw').map((m) => JSON.parse(m.value) as RawMention),
    /** The brand whose owned account wrote `m`, as the reply enricher will see it. */
    ownerOf: (m: RawMention) => ownerOf(m, brands),
  };
}
