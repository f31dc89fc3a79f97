import { MemoryBus } from '../../core/bus-memory.ts';
import { KafkaBus } from '../../core/bus-kafka.ts';
import { busContract } from './bus-contract.ts';

busContract('memory', async () => new MemoryBus());
busContract(
  'kafka',
  async () => new KafkaBus({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'vigie-contract' }),
  async (bus, topics) => { if (topics.length) await (bus as KafkaBus).deleteTopics(topics); },
);
