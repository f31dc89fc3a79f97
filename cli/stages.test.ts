import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../core/bus-memory.ts';
import type { TopicSpec } from '../core/bus.ts';
import { silentLogger } from '../core/logger.ts';
import { waitFor } from '../test/fixtures/alerts/wait-for.ts';
import { parseConfigText } from './config.ts';
import { createRuntime } from './runtime.ts';
import { startStages, type RunningStages } from './stages.ts';

const CONFIG = `
kafka:
  brokers: ["127.0.0.1:1"]
  topics: { enriched: t.enriched, alerts: t.alerts, alertsState: t.alerts-state, alertsDlq: t.alerts-dead }
elasticsearch: { node: "http://127.0.0.1:1" }
watch: [{ name: Acme, role: brand, query: acme }]
alerts:
  rules: [{ kind: volume_spike, name: acme-spike, scope: { names: [Acme] }, window: 5m, minCount: 20 }]
  channels: [{ kind: webhook, name: hook, url: "http://127.0.0.1:1/hook", secrets: [a-secret-long-enough-123] }]
`;

let running: RunningStages | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('alert stage topics', () => {
  it('uses the configured state and dead-letter topics, not the defaults', async () => {
    const config = parseConfigText(CONFIG, 'stages-test.yaml', {});
    const bus = new MemoryBus();
    const created: string[] = [];
    const ensure = bus.ensureTopics.bind(bus);
    bus.ensureTopics = (specs: TopicSpec[]) => (created.push(...specs.map((s) => s.name)), ensure(specs));
    running = await startStages({ ...createRuntime(config, 'stages-test', silentLogger()), bus: bus as never }, ['alerts']);
    expect(created).toEqual(expect.arrayContaining(['t.alerts', 't.alerts-state', 't.alerts-dead']));
    expect(created.filter((t) => t.startsWith('vigie.alerts'))).toEqual([]);
    // A mention the alert stage cannot read is dead-lettered to the configured topic.
    await bus.publish('t.enriched', [{ key: 'bad', value: '{"not":"a mention"}' }]);
    await waitFor(() => bus.messages('t.alerts-dead').length === 1, 10_000, 'dead letter');
    expect(bus.messages('vigie.alerts.dlq')).toEqual([]);
  });
});

describe('organisations in the running pipeline', () => {
  it('the enrich and alert stages page a product line on its crisis that names its brand', async () => {
    const config = parseConfigText(
      `
kafka: { brokers: ["127.0.0.1:1"], topics: { raw: o.raw, enriched: o.enriched, alerts: o.alerts, alertsState: o.state, alertsDlq: o.dead } }
elasticsearch: { node: "http://127.0.0.1:1" }
watch:
  - { name: Acme, role: brand, query: acme }
  - { name: Acme Phone, role: brand, organisation: Acme, query: '"acme phone"' }
  - { name: Zenith, role: competitor, query: zenith }
enrich: { sentiment: { accurate: off } }
alerts:
  evaluateEvery: 10s
  tickEvery: 1s
  rules: [{ kind: keywords, name: phone-fires, scope: { names: [Acme Phone] }, terms: [fires], minCount: 5 }]
`,
      'stages-test.yaml',
      {},
    );
    const bus = new MemoryBus();
    running = await startStages({ ...createRuntime(config, 'stages-test', silentLogger()), bus: bus as never }, ['enrich', 'alerts']);
    const now = Date.now();
    const post = (i: number, text: string) => ({ key: `x:${i}`, value: JSON.stringify({ id: `x:${i}`, source: { kind: 'x' }, publishedAt: new Date(now - 60_000 + i * 1000).toISOString(), text, author: { id: `u${i}` } }) });
    // Zenith's crisis naming the phone in passing first: it must not count towards the five.
    await bus.publish('o.raw', [0, 1, 2, 3].map((i) => post(i, `Zenith batteries: fires everywhere, glad my Acme Phone is fine (${i})`)));
    await bus.publish('o.raw', [10, 11, 12, 13, 14].map((i) => post(i, `Acme Phone battery fires, Acme silent (${i})`)));
    await waitFor(() => bus.messages('o.alerts').length > 0, 20_000, 'an alert event');
    const alert = JSON.parse(String(bus.messages('o.alerts')[0]!.value));
    expect(alert).toMatchObject({ rule: 'phone-fires', scope: 'entry:Acme Phone', type: 'opened', value: 5 });
  });
});
