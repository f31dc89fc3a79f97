import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Bus, BusMessage } from '../../core/bus.ts';

async function until(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The one suite every Bus implementation passes: what the stages rely on (ordering per key,
 * commit after the handler, redelivery after a failure, resume after restart, group split).
 */
export function busContract(name: string, make: () => Promise<Bus>, cleanup?: (bus: Bus, topics: string[]) => Promise<void>): void {
  describe(`bus contract: ${name}`, () => {
    let bus: Bus;
    const topics: string[] = [];
    const topic = async (partitions = 3) => {
      const t = `test-${randomUUID()}`;
      topics.push(t);
      await bus.ensureTopics([{ name: t, partitions, replicationFactor: 1 }]);
      return t;
    };
    beforeAll(async () => {
      bus = await make();
    });
    afterAll(async () => {
      await cleanup?.(bus, topics);
      await bus.close();
    });

    it('delivers every message, in order for a key, after publish resolved', async () => {
      const t = await topic();
      const msgs = Array.from({ length: 60 }, (_, i) => ({ key: `k${i % 4}`, value: JSON.stringify({ k: `k${i % 4}`, i }) }));
      await bus.publish(t, msgs);
      const got: BusMessage[] = [];
      const sub = await bus.consume({ groupId: `g-${randomUUID()}`, topics: [t], handler: async (b) => { got.push(...b); } });
      await until(() => got.length >= 60, 30_000, '60 messages');
      await sub.stop();
      expect(got).toHaveLength(60);
      for (const k of ['k0', 'k1', 'k2', 'k3']) {
        const seq = got.filter((m) => m.key === k).map((m) => JSON.parse(m.value).i as number);
        expect(seq).toEqual([...seq].sort((a, b) => a - b));
        expect(seq).toHaveLength(15);
      }
      // A key always lands on the same partition.
      for (const k of ['k0', 'k1']) expect(new Set(got.filter((m) => m.key === k).map((m) => m.partition)).size).toBe(1);
    });

    it('redelivers a batch whose handler failed, and commits after success', async () => {
      const t = await topic(1);
      await bus.publish(t, [{ key: 'a', value: '1' }, { key: 'a', value: '2' }]);
      let failures = 0;
      const seen: string[] = [];
      const group = `g-${randomUUID()}`;
      const sub = await bus.consume({
        groupId: group, topics: [t],
        handler: async (b) => {
          if (failures === 0) { failures++; throw new Error('boom'); }
          seen.push(...b.map((m) => m.value));
        },
      });
      await until(() => seen.length >= 2, 60_000, 'redelivery');
      await sub.stop();
      expect(failures).toBe(1);
      expect(seen).toEqual(['1', '2']);
      // Restarting the same group resumes after the committed offset: nothing is read twice.
      await bus.publish(t, [{ key: 'a', value: '3' }]);
      const again: string[] = [];
      const sub2 = await bus.consume({ groupId: group, topics: [t], handler: async (b) => { again.push(...b.map((m) => m.value)); } });
      await until(() => again.length >= 1, 30_000, 'resume');
      await sub2.stop();
      expect(again).toEqual(['3']);
    });

    it('splits partitions between two members of a group and loses nothing', async () => {
      const t = await topic(4);
      const group = `g-${randomUUID()}`;
      const a: string[] = [];
      const b: string[] = [];
      const s1 = await bus.consume({ groupId: group, topics: [t], handler: async (m) => { a.push(...m.map((x) => x.value)); } });
      const s2 = await bus.consume({ groupId: group, topics: [t], handler: async (m) => { b.push(...m.map((x) => x.value)); } });
      await Promise.all([s1.ready, s2.ready]);
      const n = 200;
      await bus.publish(t, Array.from({ length: n }, (_, i) => ({ key: `key-${i}`, value: String(i) })));
      await until(() => new Set([...a, ...b]).size >= n, 60_000, 'all messages');
      await s1.stop();
      await s2.stop();
      expect(new Set([...a, ...b]).size).toBe(n);
      // Both members did part of the work.
      expect(a.length).toBeGreaterThan(0);
      expect(b.length).toBeGreaterThan(0);
    });
  });
}
