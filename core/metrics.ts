import { Registry, Counter, Gauge, Histogram } from 'prom-client';

/**
 * Shared metric names: every component counts received, emitted, failed and dropped mentions
 * under the same names, labelled by stage and component.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly received = new Counter({ name: 'vigie_mentions_received_total', help: 'Mentions received by a component', labelNames: ['stage', 'component'], registers: [this.registry] });
  readonly emitted = new Counter({ name: 'vigie_mentions_emitted_total', help: 'Mentions emitted by a component', labelNames: ['stage', 'component'], registers: [this.registry] });
  readonly failed = new Counter({ name: 'vigie_mentions_failed_total', help: 'Mentions that failed (dead-lettered)', labelNames: ['stage', 'component', 'code'], registers: [this.registry] });
  readonly dropped = new Counter({ name: 'vigie_mentions_dropped_total', help: 'Mentions dropped on purpose (no watch match...)', labelNames: ['stage', 'component', 'reason'], registers: [this.registry] });
  readonly batchSeconds = new Histogram({ name: 'vigie_batch_duration_seconds', help: 'Time to process one batch', labelNames: ['stage'], buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [this.registry] });
  readonly sourceLastSuccess = new Gauge({ name: 'vigie_source_last_success_seconds', help: 'Unix time of the last successful poll', labelNames: ['source'], registers: [this.registry] });
  readonly consumerLag = new Gauge({ name: 'vigie_consumer_lag', help: 'Messages not yet committed by a stage, per partition', labelNames: ['group', 'topic', 'partition'], registers: [this.registry] });
  readonly sourceErrors = new Counter({ name: 'vigie_source_errors_total', help: 'Failed polls per source', labelNames: ['source', 'code'], registers: [this.registry] });
  readonly esBulkSeconds = new Histogram({ name: 'vigie_es_bulk_duration_seconds', help: 'Elasticsearch bulk request latency, by outcome (ok, item_errors, http_<status>, network)', labelNames: ['outcome'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry] });
  readonly esBulkRejected = new Counter({ name: 'vigie_es_bulk_rejected_items_total', help: 'Bulk items Elasticsearch refused, by HTTP status (429/503 are resent; others dead-lettered)', labelNames: ['status'], registers: [this.registry] });
}
