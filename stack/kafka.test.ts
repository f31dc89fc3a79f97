import { describe, expect, it } from 'vitest';
import { kafkaCoordinates, newClusterId, renderLog4j, renderServerProperties } from './kafka.ts';

describe('Kafka config', () => {
  it('binds broker and controller to loopback and makes single-node replication work', () => {
    const p = renderServerProperties({ port: 29092, controllerPort: 29093, dataDir: '/s/kafka/data' });
    const props = Object.fromEntries(p.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(props).toMatchObject({
      'process.roles': 'broker,controller',
      'controller.quorum.voters': '1@127.0.0.1:29093',
      listeners: 'PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:29092',
      'log.dirs': '/s/kafka/data',
      'offsets.topic.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
    });
  });

  it('logs to a rolling file', () => {
    expect(renderLog4j('/s/kafka/logs/server.log')).toContain('log4j.appender.file.File=/s/kafka/logs/server.log');
  });

  it('downloads Kafka with a logging binding', () => {
    expect(kafkaCoordinates('3.9.1').map((c) => c.artifact)).toEqual(['kafka_2.13', 'slf4j-reload4j', 'reload4j']);
  });

  it('makes KRaft cluster ids like StorageTool random-uuid', () => {
    const ids = new Set(Array.from({ length: 20 }, newClusterId));
    expect(ids.size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('never makes a cluster id that starts with "-" (the storage tool would read it as an option)', () => {
    // 0xf8 as first byte encodes to '-' in base64url; the first draw is refused, the second kept.
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x41)];
    let n = 0;
    const id = newClusterId(() => draws[n++]!);
    expect(n).toBe(2);
    expect(id.startsWith('-')).toBe(false);
    expect(Buffer.alloc(16, 0xf8).toString('base64url').startsWith('-')).toBe(true);
  });
});
