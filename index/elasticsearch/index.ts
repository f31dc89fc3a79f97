import type { ComponentDef, Sink } from '../../core/contracts.ts';
import { createEsClient } from './client.ts';
import { elasticsearchSinkConfig, type ElasticsearchSinkConfig } from './config.ts';
import { ElasticsearchSink } from './sink.ts';

/** The `elasticsearch` sink: bulk-indexes enriched mentions into monthly indices. */
export const elasticsearchSinkDef: ComponentDef<ElasticsearchSinkConfig, Sink> = {
  kind: 'elasticsearch',
  summary: 'Bulk-indexes enriched mentions into monthly Elasticsearch indices (_id = mention id)',
  config: elasticsearchSinkConfig,
  create(cfg, ctx) {
    const client = createEsClient({
      node: cfg.node,
      ...(cfg.auth ? { auth: cfg.auth } : {}),
      ...(cfg.caFingerprint ? { tls: { caFingerprint: cfg.caFingerprint } } : {}),
      requestTimeoutMs: cfg.requestTimeout,
    });
    return new ElasticsearchSink({
      client,
      closeClient: true,
      logger: ctx.logger.child({ component: 'elasticsearch' }),
      clock: ctx.clock,
      prefix: cfg.indexPrefix,
      flushCount: cfg.flushCount,
      flushBytes: cfg.flushBytes,
      flushIntervalMs: cfg.flushInterval,
      concurrency: cfg.concurrency,
    });
  },
};

export { ElasticsearchSink } from './sink.ts';
export { createEsClient } from './client.ts';
export { setupIndices, pruneIndices } from './setup.ts';
export { elasticsearchSinkConfig } from './config.ts';
