import type { Bus, BusMessage, Subscription } from '../core/bus.ts';
import type { Clock } from '../core/clock.ts';
import { deadLetter } from '../core/dead-letter.ts';
import { toVigieError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { Metrics } from '../core/metrics.ts';
import { parseEnrichedMention, type EnrichedMention } from '../core/mention.ts';
import { retry } from '../core/retry.ts';
import { isDeskAware, type Alert, type AlertRecorder, type DeskLookup } from './contracts.ts';
import { AlertEngine, type AlertEngineOptions, type EngineRule } from './engine.ts';
import { DeliveryLedger } from './delivery-ledger.ts';
import { alertMetrics } from './metrics.ts';
import { startDelivery } from './outbox.ts';
import type { NamedChannel } from './registry.ts';
import { StateStore, offsetAfter, type Progress } from './state.ts';

/** Topics the alert worker reads and writes. */
export interface AlertTopics {
  /** Input (default vigie.mentions.enriched). */
  enriched: string;
  /** Outbox of alert events, key = incident id (default vigie.alerts). */
  alerts: string;
  /** Compacted state: rule windows, incidents, delivery records (default vigie.alerts.state). */
  state: string;
  /** Pages that could not be delivered, and mentions that could not be read (default vigie.alerts.dlq). */
  dlq: string;
}

export const defaultAlertTopics: AlertTopics = {
  enriched: 'vigie.mentions.enriched',
  alerts: 'vigie.alerts',
  state: 'vigie.alerts.state',
  dlq: 'vigie.alerts.dlq',
};

export interface AlertWorkerOptions {
  bus: Bus;
  topics?: Partial<AlertTopics>;
  /** Consumer group of the evaluation; delivery groups are `<groupId>.deliver.<channel>`. */
  groupId: string;
  rules: EngineRule[];
  channels: NamedChannel[];
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  /** Writes alert events to the `vigie-alerts` index (optional, injected by the index layer). */
  recorder?: AlertRecorder;
  /**
   * Reads the response desk's state (injected, like the recorder): a waiting mention the
   * community manager marked handled or snoozed does not page (`unanswered` rules).
   */
  desk?: DeskLookup;
  engine?: Omit<AlertEngineOptions, 'rules' | 'clock'>;
  /** Evaluation when no mention arrives (flatline, resolutions); default 5 s. */
  tickMs?: number;
  /** Pages not delivered this long after creation are dead-lettered; default 1 h. */
  deliveryDeadlineMs?: number;
  /** Retry pacing of deliveries (tests shorten it). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Partitions created for the alert topics when missing (1 keeps one global order per channel). */
  replicationFactor?: number;
  /**
   * Reads the backlog already in the input topic first, across all partitions, and judges it in
   * event-time order before consuming live (see catchUp). For a history loaded at once (the demo,
   * a backfill): partitions hold it in arrival order, and read partition by partition an earlier
   * day would come after a later one and be too late to count. The backlog ends when nothing
   * arrived for `idleMs`.
   */
  catchUp?: { idleMs: number };
}

export interface AlertWorker {
  engine: AlertEngine;
  /** Resolves once state is loaded and every consumer joined its group. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** State record holding the alert events of the last checkpoint until they are in the outbox. */
const OUTBOX_KEY = 'outbox';

/**
 * Starts the alert stage: loads checkpointed state, consumes enriched mentions (skipping what the
 * state already holds), evaluates rules in event time, checkpoints the state together with the
 * alert events it produced, then writes those events to the `vigie.alerts` outbox (and the
 * recorder) before the offset commit, and runs one delivery loop per channel from the outbox.
 */
export async function startAlertWorker(o: AlertWorkerOptions): Promise<AlertWorker> {
  const topics = { ...defaultAlertTopics, ...o.topics };
  const log = o.logger.child({ stage: 'alerts' });
  const am = alertMetrics(o.metrics);
  const rf = o.replicationFactor ?? 1;
  await o.bus.ensureTopics([
    { name: topics.alerts, partitions: 1, replicationFactor: rf },
    { name: topics.state, partitions: 1, replicationFactor: rf, config: { 'cleanup.policy': 'compact' } },
    { name: topics.dlq, partitions: 1, replicationFactor: rf },
  ]);
  const engine = new AlertEngine({ ...o.engine, rules: o.rules, clock: o.clock, maxFutureSkewMs: o.engine?.maxFutureSkewMs ?? 5 * 60_000 });
  const unwatchRules = am.watchRules(o.rules);
  const store = new StateStore(o.bus, topics.state, o.groupId);
  const loaded = await store.load();
  for (const r of loaded.records) engine.restore(r);
  // Events checkpointed but perhaps not in the outbox when the last process died.
  let unpublished = (loaded.records.find((r) => r.key === OUTBOX_KEY)?.value ?? []) as Alert[];
  const progress: Progress = { ...loaded.progress };
  const ledger = new DeliveryLedger((records) => store.put(records));
  await store.put(ledger.load(loaded.records, o.clock.now()));
  log.info({ records: loaded.records.length, open: engine.openIncidents().length }, 'alert state loaded');

  // Batches and ticks share the engine: one at a time.
  let chain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn, fn);
    chain = p.catch(() => undefined);
    return p;
  };

  const publishEvents = async () => {
    const alerts = unpublished;
    await o.bus.publish(topics.alerts, alerts.map((a) => ({ key: a.incidentId, value: JSON.stringify(a), headers: { 'vigie-alert-type': a.type } })));
    unpublished = [];
    await store.put([{ key: OUTBOX_KEY, value: [] }]);
    for (const a of alerts) {
      am.events.inc({ rule: a.rule, type: a.type });
      log.info({ alertId: a.id, incidentId: a.incidentId, rule: a.rule, rules: a.rules.length, scope: a.scope, type: a.type, severity: a.severity }, 'alert event');
    }
    if (o.recorder) {
      for (const a of alerts) {
        // The outbox topic already holds the event: a down index must not hold pages back.
        await retry(() => o.recorder!.record(a), { retries: 3, baseMs: 200, maxMs: 2000 }).catch((e: unknown) => {
          log.error({ alertId: a.id, err: e, code: toVigieError(e, 'ERR_ALERT_RECORD').code }, 'alert not recorded in the alerts index (it is in the alerts topic)');
        });
      }
    }
  };

  const deskRules = o.rules.map((r) => r.rule).filter(isDeskAware);
  if (o.desk) for (const r of deskRules) r.useDesk();
  /**
   * Before an evaluation at `upTo`: asks the desk about the waits due by then. When the desk
   * cannot be read they page anyway (a page too many beats a critic nobody answers).
   */
  const consultDesk = async (upTo: number) => {
    if (!o.desk) return;
    for (const r of deskRules) {
      const ids = r.deskCandidates(upTo);
      if (ids.length === 0) continue;
      try {
        r.settle(ids, await o.desk.verdicts(ids, AbortSignal.timeout(10_000)));
      } catch (e) {
        log.warn({ err: e, code: toVigieError(e, 'ERR_INDEX_UNAVAILABLE').code, mentions: ids.length }, 'desk state not read: waiting mentions page without it');
      }
    }
  };

  // The checkpoint goes first and carries the events: once a page can reach a receiver, the
  // incident it belongs to is checkpointed. A process killed after a page went out then restarts
  // with that incident (rather than re-deciding it from the mentions, where other batch
  // boundaries give another opening time, hence a second opening under another id and a first
  // incident never resolved); one killed between the checkpoint and the outbox publishes the
  // events at its next start (channels skip those they already handled).
  const emit = async (alerts: Alert[]) => {
    if (alerts.length > 0) unpublished = [...unpublished, ...alerts];
    const changes = engine.takeChanges();
    await store.save(alerts.length > 0 ? [...changes, { key: OUTBOX_KEY, value: unpublished }] : changes, progress);
    if (unpublished.length > 0) await publishEvents();
  };

  if (unpublished.length > 0) {
    log.info({ events: unpublished.length }, 'alert events checkpointed before the last stop published again (channels skip the ones they handled)');
    await publishEvents();
  }

  let lastBatchAt = 0;
  /** Judges fresh messages (of one or several partitions) in event-time order; returns the number of alert events. */
  const handleBatch = (batch: BusMessage[]) =>
    exclusive(async () => {
      lastBatchAt = o.clock.now();
      const fresh = batch.filter((m) => {
        const done = progress[`${m.topic}|${m.partition}`];
        return done === undefined || offsetAfter(m.offset, done);
      });
      if (fresh.length === 0) return 0;
      const mentions: EnrichedMention[] = [];
      const bad: Array<[BusMessage, unknown]> = [];
      let maxT = -Infinity;
      for (const m of fresh) {
        try {
          const em = parseEnrichedMention(JSON.parse(m.value));
          mentions.push(em);
          maxT = Math.max(maxT, Date.parse(em.publishedAt));
        } catch (e) {
          bad.push([m, e]);
        }
      }
      if (bad.length) {
        await o.bus.publish(topics.dlq, bad.map(([m, e]) => deadLetter('alerts', toVigieError(e, 'ERR_SCHEMA_INVALID'), m.value, m.key, m)));
        o.metrics.failed.inc({ stage: 'alerts', component: 'worker', code: 'ERR_SCHEMA_INVALID' }, bad.length);
      }
      o.metrics.received.inc({ stage: 'alerts', component: 'worker' }, mentions.length);
      // A batch is judged in event time: the engine evaluates on its grid as time passes.
      mentions.sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt));
      if (Number.isFinite(maxT)) await consultDesk(Math.min(maxT, o.clock.now()));
      const alerts = engine.ingest(mentions);
      // Evaluate right away (latency), at the newest event time, or again at the last evaluation
      // time when ticks already went past it (late mentions must still be judged). Mentions of
      // this batch already due (read late) are asked about first: until asked they do not page.
      if (Number.isFinite(maxT)) {
        const at = Math.max(engine.evaluatedUntil ?? -Infinity, Math.min(maxT, o.clock.now()));
        await consultDesk(at);
        alerts.push(...engine.evaluate(at));
      }
      for (const m of fresh) {
        const k = `${m.topic}|${m.partition}`;
        if (progress[k] === undefined || offsetAfter(m.offset, progress[k]!)) progress[k] = m.offset;
      }
      await emit(alerts);
      return alerts.length;
    });
  const handler = async (batch: BusMessage[]) => void (await handleBatch(batch));

  if (o.catchUp) {
    const backlog = await readBacklog(o.bus, topics.enriched, `${o.groupId}.catch-up.${o.clock.now()}`, progress, o.catchUp.idleMs);
    if (backlog.length > 0) {
      const alerts = await handleBatch(backlog);
      log.info({ messages: backlog.length, alerts: alerts }, 'backlog judged in event time');
    }
  }
  const evalSub = await o.bus.consume({ groupId: o.groupId, topics: [topics.enriched], handler, maxBatch: 1000 });
  const delivery = await startDelivery({
    bus: o.bus,
    alertsTopic: topics.alerts,
    dlqTopic: topics.dlq,
    groupId: o.groupId,
    channels: o.channels,
    logger: log,
    clock: o.clock,
    metrics: am,
    ledger,
    deadlineMs: o.deliveryDeadlineMs ?? 3_600_000,
    retryBaseMs: o.retryBaseMs,
    retryMaxMs: o.retryMaxMs,
    recorder: o.recorder,
  });

  const tickMs = o.tickMs ?? 5000;
  let ticking: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    // Only when no batch arrived lately: while a backlog is read, time is the mentions' time.
    if (o.clock.now() - lastBatchAt < tickMs) return;
    ticking = exclusive(async () => {
      const now = o.clock.now();
      await consultDesk(now);
      await emit(engine.evaluate(now));
    }).catch((e: unknown) => log.warn({ err: e }, 'evaluation tick failed; retried on the next tick'));
  }, tickMs);
  timer.unref();

  const subs: Subscription[] = [evalSub, ...delivery];
  return {
    engine,
    ready: Promise.all(subs.map((s) => s.ready)).then(() => undefined),
    stop: async () => {
      clearInterval(timer);
      await ticking;
      await evalSub.stop();
      await Promise.all(delivery.map((d) => d.stop()));
      unwatchRules();
    },
  };
}

/**
 * Reads what the topic holds past `progress` with a throwaway group, until nothing arrives for
 * `idleMs`. The live group then skips it: the state checkpoint records the offsets judged.
 */
async function readBacklog(bus: Bus, topic: string, group: string, progress: Progress, idleMs: number): Promise<BusMessage[]> {
  const out: BusMessage[] = [];
  let last = Date.now();
  const sub = await bus.consume({
    groupId: group,
    topics: [topic],
    maxBatch: 1000,
    handler: async (batch) => {
      last = Date.now();
      for (const m of batch) {
        const done = progress[`${m.topic}|${m.partition}`];
        if (done === undefined || offsetAfter(m.offset, done)) out.push(m);
      }
    },
  });
  await sub.ready;
  last = Date.now();
  while (Date.now() - last < idleMs) await new Promise((r) => setTimeout(r, Math.min(200, idleMs)));
  await sub.stop();
  return out;
}
