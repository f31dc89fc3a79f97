import type { Bus, BusMessage, ConsumeOptions, OutMessage, Subscription, TopicSpec } from './bus.ts';
import { VigieError } from './errors.ts';
import { partitionFor } from './partition.ts';

interface Member {
  id: number;
  opts: ConsumeOptions;
  stopped: boolean;
}

/**
 * An in-process bus with Kafka's semantics that matter to Vigie: keyed partitions, consumer
 * groups that split partitions between members, offsets committed only after the handler
 * resolved, redelivery after a failed handler. For unit and pipeline tests.
 */
export class MemoryBus implements Bus {
  private topics = new Map<string, BusMessage[][]>();
  private committed = new Map<string, number>(); // `${group}|${topic}|${partition}` -> next offset
  private groups = new Map<string, Member[]>();
  private wakers = new Set<() => void>();
  private nextMember = 1;
  private closed = false;

  async ensureTopics(specs: TopicSpec[]): Promise<void> {
    for (const s of specs) {
      if (!this.topics.has(s.name)) this.topics.set(s.name, Array.from({ length: s.partitions }, () => []));
    }
  }

  async publish(topic: string, messages: OutMessage[]): Promise<void> {
    if (this.closed) throw new VigieError('ERR_BUS_PUBLISH', 'bus closed', { retriable: false });
    const parts = this.topics.get(topic);
    if (!parts) throw new VigieError('ERR_BUS_TOPIC', `unknown topic ${topic}`);
    for (const m of messages) {
      const p = m.key === null ? Math.floor(Math.random() * parts.length) : partitionFor(m.key, parts.length);
      const log = parts[p]!;
      log.push({ topic, partition: p, offset: String(log.length), key: m.key, value: m.value, headers: { ...(m.headers ?? {}) }, timestamp: Date.now() });
    }
    this.wake();
  }

  /** Everything ever published to a topic, all partitions (test helper). */
  messages(topic: string): BusMessage[] {
    return (this.topics.get(topic) ?? []).flat();
  }

  async consume(opts: ConsumeOptions): Promise<Subscription> {
    for (const t of opts.topics) if (!this.topics.has(t)) throw new VigieError('ERR_BUS_TOPIC', `unknown topic ${t}`);
    const member: Member = { id: this.nextMember++, opts, stopped: false };
    const members = this.groups.get(opts.groupId) ?? [];
    members.push(member);
    this.groups.set(opts.groupId, members);
    const loop = this.run(member);
    return {
      ready: Promise.resolve(),
      stop: async () => {
        member.stopped = true;
        this.wake();
        await loop;
        const ms = this.groups.get(opts.groupId) ?? [];
        this.groups.set(opts.groupId, ms.filter((m) => m !== member));
        this.wake();
      },
    };
  }

  private assigned(member: Member): Array<[string, number]> {
    const members = this.groups.get(member.opts.groupId) ?? [];
    const idx = members.indexOf(member);
    const out: Array<[string, number]> = [];
    let i = 0;
    for (const t of member.opts.topics) {
      const n = this.topics.get(t)!.length;
      for (let p = 0; p < n; p++, i++) if (i % members.length === idx) out.push([t, p]);
    }
    return out;
  }

  private async run(member: Member): Promise<void> {
    const max = member.opts.maxBatch ?? 500;
    while (!member.stopped && !this.closed) {
      let delivered = false;
      for (const [topic, p] of this.assigned(member)) {
        if (member.stopped) break;
        const key = `${member.opts.groupId}|${topic}|${p}`;
        const log = this.topics.get(topic)![p]!;
        const from = this.committed.get(key) ?? (member.opts.fromBeginning === false ? log.length : 0);
        if (!this.committed.has(key)) this.committed.set(key, from);
        if (from >= log.length) continue;
        const batch = log.slice(from, from + max);
        try {
          await member.opts.handler(batch);
          this.committed.set(key, from + batch.length);
          delivered = true;
        } catch {
          // Like Kafka: nothing committed, the same batch comes again after a pause.
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      if (!delivered) await new Promise<void>((r) => { const w = () => { this.wakers.delete(w); r(); }; this.wakers.add(w); setTimeout(w, 50); });
    }
  }

  private wake(): void {
    for (const w of [...this.wakers]) w();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
  }
}
