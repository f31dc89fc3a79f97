import type { Client } from '@elastic/elasticsearch';
import type { Subscription } from '../core/bus.ts';
import type { Metrics } from '../core/metrics.ts';
import { buildChannels, buildRules } from '../alerts/registry.ts';
import { engineOptions } from '../alerts/replay.ts';
import { startAlertWorker, type AlertWorker } from '../alerts/worker.ts';
import { createEnrichPipeline } from '../enrich/pipeline.ts';
import { prepareSentiment } from '../enrich/sentiment/prepare.ts';
import { startReportScheduler } from '../reports/schedule.ts';
import { elasticsearchAlertRecorder } from './alert-recorder.ts';
import { startEnrichWorker } from '../enrich/worker.ts';
import { ElasticsearchSink } from '../index/elasticsearch/sink.ts';
import { setupIndices } from '../index/elasticsearch/setup.ts';
import { startIndexWorker } from '../index/worker.ts';
import { AnswerStore } from '../index/answers/index.ts';
import { Desk } from '../desk/queue.ts';
import type { EnrichedMention } from '../core/mention.ts';
import { BusCursorStore } from '../ingest/runner/cursor-store.ts';
import { BusSourceLease } from '../ingest/runner/lease.ts';
import { mergeOwned } from '../ingest/kit/owned/types.ts';
import { IngestRunner } from '../ingest/runner/runner.ts';
import { loadConfig } from './config.ts';
import { createRuntime, groupId, mentionTopics, type Runtime } from './runtime.ts';
import { startStatusServer } from './status-server.ts';

export const STAGES = ['ingest', 'enrich', 'index', 'alerts', 'reports'] as const;
export type StageName = (typeof STAGES)[number];

export interface RunningStages {
  ingest?: IngestRunner;
  /** Stops in data-flow order: sources first, so every stage can drain what came before it. */
  stop(): Promise<void>;
}

/** Starts the requested stages in this process, after creating the topics they use. */
export async function startStages(rt: Runtime, stages: readonly StageName[], opts: { pollSources?: boolean; alertsCatchUp?: { idleMs: number } } = {}): Promise<RunningStages> {
  const { config, bus, logger, metrics } = rt;
  const t = config.kafka.topics;
  await bus.ensureTopics(mentionTopics(config));
  const subs: Array<[string, Subscription]> = [];
  let ingest: IngestRunner | undefined;
  let lease: BusSourceLease | undefined;

  if (stages.includes('index')) {
    meterBulkRequests(rt.es, metrics);
    const report = await setupIndices(rt.es, { prefix: config.elasticsearch.indexPrefix, retentionMs: config.index.retention });
    logger.info({ prefix: report.prefix, analysis: report.analysis, retention: report.retention }, 'indices ready');
    const sink = new ElasticsearchSink({
      client: rt.es,
      logger: logger.child({ component: 'elasticsearch' }),
      prefix: config.elasticsearch.indexPrefix,
      flushCount: config.index.flushCount,
      flushBytes: config.index.flushBytes,
      concurrency: config.index.concurrency,
    });
    // Answers are tracked only when a brand lists its own accounts: no extra request otherwise.
    const answers = config.watch.some((w) => w.owned) ? new AnswerStore(rt.es, config.elasticsearch.indexPrefix) : undefined;
    const afterWrite = answers ? async (stored: EnrichedMention[], signal: AbortSignal) => void (await answers.afterWrite(stored, signal)) : undefined;
    subs.push(['index', await startIndexWorker({ bus, topics: { enriched: t.enriched, dlq: t.dlq }, groupId: groupId(config, 'index'), sink, logger, metrics, ...(afterWrite ? { afterWrite } : {}) })]);
  }
  let alerts: AlertWorker | undefined;
  // `vigie run` starts the alert stage only when the config has rules; `vigie alerts run` always.
  if (stages.includes('alerts') && config.alerts && config.alerts.rules.length > 0) {
    const a = config.alerts;
    const ctx = { logger, clock: rt.clock, metrics };
    // `unanswered` rules skip mentions handled or snoozed on the response desk (its index).
    const desk = a.rules.some((r) => r.kind === 'unanswered') ? new Desk(rt.es, config.elasticsearch.indexPrefix) : undefined;
    alerts = await startAlertWorker({
      bus,
      topics: { enriched: t.enriched, alerts: t.alerts, state: t.alertsState, dlq: t.alertsDlq },
      groupId: groupId(config, 'alerts'),
      rules: buildRules(a.rules, ctx, a.organisations),
      channels: buildChannels(a.channels, ctx),
      engine: engineOptions(a),
      deliveryDeadlineMs: a.deliveryDeadline,
      tickMs: a.tickEvery,
      replicationFactor: t.replicationFactor,
      recorder: elasticsearchAlertRecorder(rt.es, config.elasticsearch.indexPrefix),
      ...(desk ? { desk: { verdicts: (ids: readonly string[], signal: AbortSignal) => desk.verdicts(ids, rt.clock.now(), signal) } } : {}),
      catchUp: opts.alertsCatchUp,
      ...ctx,
    });
  }
  if (stages.includes('enrich')) {
    const pipeline = createEnrichPipeline(
      {
        languages: config.languages,
        watch: config.watch,
        dropUnmatched: config.enrich.dropUnmatched,
        dedup: config.enrich.dedup,
        influence: config.enrich.influence,
        sentiment: await prepareSentiment(config.enrich.sentiment, logger),
      },
      { logger, clock: rt.clock, metrics },
    );
    subs.push(['enrich', await startEnrichWorker({ bus, topics: t, groupId: groupId(config, 'enrich'), pipeline, logger, metrics })]);
  }
  if (stages.includes('ingest')) {
    const cursors = await BusCursorStore.open(bus, { topic: t.cursors, replicationFactor: t.replicationFactor });
    // With `ingest.lease`, several ingest processes split the sources through a lease (consumer
    // group over vigie.ingest.leases), so no two poll the same source at once. It is opt-in: a
    // lease is only held after ~17 s of steady heartbeats, and on a starved CPU heartbeats can
    // lapse and stop polling (seen under CI load); a duplicate poll only makes duplicate ids,
    // which collapse downstream. `runOnce` callers (demo, tests) never take it.
    lease = opts.pollSources === false || !config.ingest.lease ? undefined : await BusSourceLease.open(bus, { groupId: groupId(config, 'ingest-leases'), replicationFactor: t.replicationFactor, logger });
    ingest = new IngestRunner({ sources: config.sources, bus, topic: t.raw, dlqTopic: t.dlq, cursors, logger, metrics, clock: rt.clock, lease, ownedAccounts: mergeOwned(config.watch) });
    if (opts.pollSources !== false) ingest.start();
  }
  // Weekly reports read Elasticsearch only; the scheduler does nothing without schedules.
  const reports = stages.includes('reports') && config.reports !== undefined ? startReportScheduler({ config, client: rt.es, logger, clock: rt.clock }) : undefined;
  logger.info({ stages }, 'stages started');

  return {
    ingest,
    async stop() {
      await ingest?.stop();
      await lease?.close();
      for (const name of ['enrich', 'index']) {
        for (const [n, s] of subs) if (n === name) await s.stop();
      }
      await alerts?.stop();
      await reports?.stop();
      await bus.close();
      logger.info({ stages }, 'stages stopped');
    },
  };
}

/**
 * Times every `_bulk` request of the client and counts the items Elasticsearch refused, from the
 * client's diagnostic events, so the index layer needs no metrics code of its own.
 */
export function meterBulkRequests(es: Client, metrics: Metrics): void {
  const started = new Map<unknown, ReturnType<Metrics['esBulkSeconds']['startTimer']>>();
  const isBulk = (path: string | undefined) => typeof path === 'string' && path.endsWith('/_bulk');
  es.diagnostic.on('request', (_err, r) => {
    if (r && isBulk(r.meta.request.params.path) && !started.has(r.meta.request.id)) started.set(r.meta.request.id, metrics.esBulkSeconds.startTimer());
  });
  es.diagnostic.on('response', (err, r) => {
    if (!r || !isBulk(r.meta.request.params.path)) return;
    const end = started.get(r.meta.request.id);
    started.delete(r.meta.request.id);
    const body = r.body as { errors?: boolean; items?: Array<Record<string, { status?: number }>> } | undefined;
    let outcome = 'ok';
    if (err && r.statusCode === undefined) outcome = 'network';
    else if (r.statusCode !== undefined && r.statusCode >= 300) outcome = `http_${r.statusCode}`;
    else if (body?.errors) {
      outcome = 'item_errors';
      for (const item of body.items ?? []) {
        const status = Object.values(item)[0]?.status;
        if (status !== undefined && status >= 300) metrics.esBulkRejected.inc({ status: String(status) });
      }
    }
    end?.({ outcome });
  });
}

/** The input topic of each consuming stage, for lag metrics. */
function inputs(rt: Runtime, stages: readonly StageName[]): Array<{ group: string; topic: string }> {
  const t = rt.config.kafka.topics;
  const out: Array<{ group: string; topic: string }> = [];
  if (stages.includes('enrich')) out.push({ group: groupId(rt.config, 'enrich'), topic: t.raw });
  if (stages.includes('index')) out.push({ group: groupId(rt.config, 'index'), topic: t.enriched });
  return out;
}

/**
 * What `vigie run|ingest|enrich|index` do: load the config (all problems at once, before any
 * I/O), start the stages and the status server, keep lag metrics fresh, and on SIGINT/SIGTERM
 * stop gracefully (stop fetching, finish the in-flight batch, commit, flush).
 */
export async function runStagesUntilSignal(configPath: string, stages: readonly StageName[], name: string): Promise<number> {
  const rt = createRuntime(await loadConfig(configPath), name);
  const running = await startStages(rt, stages);
  const lagTargets = inputs(rt, stages);
  const refreshLag = async () => {
    for (const { group, topic } of lagTargets) {
      for (const p of await rt.bus.lagByPartition(group, topic)) rt.metrics.consumerLag.set({ group, topic, partition: String(p.partition) }, p.lag);
    }
  };
  const refreshOrWarn = () => refreshLag().catch((e) => rt.logger.warn({ err: e }, 'lag refresh failed'));
  // At once, so /metrics shows lag from the first scrape, then every 10 s.
  void refreshOrWarn();
  const lagTimer = setInterval(refreshOrWarn, 10_000);
  const server = rt.config.metrics.enabled
    ? await startStatusServer({
        port: rt.config.metrics.port,
        host: rt.config.metrics.host,
        metrics: rt.metrics,
        logger: rt.logger,
        checks: {
          live: () => ({ ok: true, details: running.ingest ? { sources: running.ingest.health() } : undefined }),
          ready: async () => {
            const checks: Record<string, string> = {};
            await rt.bus.ping().then(() => (checks.kafka = 'ok'), (e: Error) => (checks.kafka = e.message));
            if (stages.includes('index')) await rt.es.cluster.health({ timeout: '2s' }).then((h) => (checks.elasticsearch = h.status), (e: Error) => (checks.elasticsearch = e.message));
            return { ok: Object.values(checks).every((v) => v === 'ok' || v === 'green' || v === 'yellow'), details: checks };
          },
        },
      })
    : undefined;
  rt.logger.info({ signal: await untilSignal() }, 'stopping');
  clearInterval(lagTimer);
  server?.close();
  await running.stop();
  return 0;
}

/** Resolves with the name of the first SIGINT/SIGTERM received. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => resolve(sig);
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}
