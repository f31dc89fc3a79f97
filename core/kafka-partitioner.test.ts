import { createRequire } from 'node:module';
import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { fastDefaultPartitioner, murmur2 } from './kafka-partitioner.ts';
import { seededRandom } from './random.ts';

// kafkajs's own murmur2 (BigInt Longs), the reference the fast one must equal.
const reference = createRequire(import.meta.url)('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: string | Buffer) => number;

// Seeded, so a failing key can be reproduced.
const random = seededRandom(20261202);

function randomKey(i: number): string {
  const alphabet = 'abcXYZ019:-_/éß€😀\u0000';
  const chars = [...alphabet];
  let s = '';
  for (let k = 0; k < i % 70; k++) s += chars[Math.floor(random() * chars.length)];
  return s;
}

const meta = (n: number, down: number[] = []) => Array.from({ length: n }, (_, p) => ({ partitionId: p, leader: down.includes(p) ? -1 : 1, replicas: [1], isr: [1] }));

describe('murmur2', () => {
  it('equals kafkajs murmur2 on random keys of every length mod 4, strings and buffers', () => {
    for (let i = 0; i < 5000; i++) {
      const key = randomKey(i);
      expect(murmur2(key)).toBe(reference(key));
      expect(murmur2(Buffer.from(key))).toBe(reference(Buffer.from(key)));
    }
  });

  it('matches the Java client on known values', () => {
    // Kafka's UtilsTest.testMurmur2
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(Buffer.from([97, 98, 99]))).toBe(479470107);
  });
});

describe('fastDefaultPartitioner', () => {
  it('puts every keyed message where kafkajs DefaultPartitioner does', () => {
    const fast = fastDefaultPartitioner();
    const slow = Partitioners.DefaultPartitioner();
    for (const n of [1, 3, 4, 12]) {
      const partitionMetadata = meta(n, [1]);
      for (let i = 0; i < 2000; i++) {
        const args = { topic: 't', partitionMetadata, message: { key: `rss:${randomKey(i)}:${i}`, value: 'v' } } as PartitionerArgs;
        expect(fast(args)).toBe(slow(args));
      }
    }
  });

  it('keeps an explicit partition and spreads keyless messages over available partitions', () => {
    const fast = fastDefaultPartitioner();
    const partitionMetadata = meta(4, [2]);
    expect(fast({ topic: 't', partitionMetadata, message: { key: 'k', value: 'v', partition: 3 } } as PartitionerArgs)).toBe(3);
    const seen = new Set<number>();
    for (let i = 0; i < 30; i++) seen.add(fast({ topic: 't', partitionMetadata, message: { key: null, value: 'v' } } as PartitionerArgs));
    expect([...seen].sort()).toEqual([0, 1, 3]);
  });
});
