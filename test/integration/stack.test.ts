import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, inject, it } from 'vitest';
import { elasticsearchUrl, kafkaBrokers, uniqueName, waitFor } from '../helpers/services.ts';

describe('services provided by the global setup', () => {
  it('names where they came from and exports them to the environment', () => {
    expect(['env', 'testcontainers', 'local-stack']).toContain(inject('servicesSource'));
    expect(process.env.KAFKA_BROKERS).toBe(kafkaBrokers().join(','));
    expect(process.env.ELASTICSEARCH_URL?.replace(/\/+$/, '')).toBe(elasticsearchUrl());
  });

  it('Elasticsearch answers cluster health and stores a document', async () => {
    const url = elasticsearchUrl();
    const health = (await (await fetch(`${url}/_cluster/health`)).json()) as { status: string; number_of_nodes: number };
    expect(['green', 'yellow']).toContain(health.status);
    expect(health.number_of_nodes).toBeGreaterThanOrEqual(1);

    const index = uniqueName('stack');
    try {
      const put = await fetch(`${url}/${index}/_doc/m1?refresh=true`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Bonjour monde' }),
      });
      expect(put.status).toBe(201);
      const got = (await (await fetch(`${url}/${index}/_doc/m1`)).json()) as { _source: { text: string } };
      expect(got._source.text).toBe('Bonjour monde');
    } finally {
      await fetch(`${url}/${index}`, { method: 'DELETE' });
    }
    expect((await fetch(`${url}/${index}`, { method: 'HEAD' })).status).toBe(404);
  });

  it('Kafka creates, lists and deletes a topic', async () => {
    const admin = new Kafka({ clientId: 'vigie-stack-test', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const topic = uniqueName('stack');
    try {
      expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true })).toBe(true);
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(meta.topics[0]?.partitions).toHaveLength(3);
      await admin.deleteTopics({ topics: [topic] });
      await waitFor(async () => !(await admin.listTopics()).includes(topic), 15_000, `topic ${topic} to disappear`);
    } finally {
      await admin.disconnect();
    }
  });
});
