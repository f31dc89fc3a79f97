import type { PartitionerArgs } from 'kafkajs';

/**
 * Kafka's murmur2 (the Java client's `Utils.murmur2`) of a key's UTF-8 bytes, in 32-bit integer
 * arithmetic. kafkajs's default partitioner computes the same hash with 64-bit BigInt `Long`s,
 * several allocations per 4 bytes of key: a tenth of the CPU of producing a mention.
 */
export function murmur2(key: string | Buffer): number {
  const data = typeof key === 'string' ? Buffer.from(key) : key;
  const m = 0x5bd1e995;
  const length = data.length;
  let h = 0x9747b28c ^ length;
  const length4 = length & ~3;
  for (let i = 0; i < length4; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  switch (length & 3) {
    case 3:
      h ^= data[length4 + 2]! << 16;
    // falls through
    case 2:
      h ^= data[length4 + 1]! << 8;
    // falls through
    case 1:
      h ^= data[length4]!;
      h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * kafkajs's `Partitioners.DefaultPartitioner` (the Java client's choice: explicit partition, else
 * murmur2 of the key over all partitions, else round robin over the available ones), with the
 * 32-bit murmur2 above: every key lands on the partition it did before (tested on random keys).
 */
export function fastDefaultPartitioner(): (args: PartitionerArgs) => number {
  const counters = new Map<string, number>();
  return ({ topic, partitionMetadata, message }) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key !== null && message.key !== undefined) return (murmur2(message.key) & 0x7fffffff) % partitionMetadata.length;
    // Keyless messages: a counter per topic from a random start, as kafkajs does.
    const next = (counters.get(topic) ?? Math.floor(Math.random() * 2 ** 32)) + 1;
    counters.set(topic, next);
    const available = partitionMetadata.filter((p) => p.leader >= 0);
    if (available.length > 0) return available[(next & 0x7fffffff) % available.length]!.partitionId;
    return (next & 0x7fffffff) % partitionMetadata.length;
  };
}
