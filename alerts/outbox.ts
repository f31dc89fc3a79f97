import type { Bus, BusMessage, Subscription } from '../core/bus.ts';
import type { Clock } from '../core/clock.ts';
import { deadLetter } from '../core/dead-letter.ts';
import { VigieError, isVigieError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { retry } from '../core/retry.ts';
import type { Alert, AlertRecorder, ChannelOutcome } from './contracts.ts';
import { sendPage } from './fallback.ts';
import { channelWants } from './channels/base.ts';
import { DeliveryLedger, nextRecord, planDelivery } from './delivery-ledger.ts';
import type { NamedChannel } from './registry.ts';
import type { AlertMetrics } from './metrics.ts';

export interface DeliveryOptions {
  bus: Bus;
  alertsTopic: string;
  dlqTopic: string;
  groupId: string;
  channels: NamedChannel[];
  logger: Logger;
  clock: Clock;
  metrics: AlertMetrics;
  /** What each channel did with each incident (the worker persists it in the state topic; default: memory only). */
  ledger?: DeliveryLedger;
  /** A page not delivered this long after `createdAt` is dead-lettered. */
  deadlineMs: number;
  /** Longest stretch of retries inside one handler call before the batch is handed back. */
  attemptWindowMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Writes each channel's outcome on the alert's record (the alerts saved search shows it). */
  recorder?: AlertRecorder;
}

/** Remembers recent delivered ids so a redelivered batch does not page twice. */
class RecentIds {
  private set = new Set<string>();
  constructor(private readonly max = 10_000) {}
  has(id: string): boolean {
    return this.set.has(id);
  }
  add(id: string): void {
    this.set.add(id);
    if (this.set.size > this.max) this.set.delete(this.set.values().next().value!);
  }
}

/**
 * The delivery side of the outbox: one consumer group per channel on `vigie.alerts`, one message
 * per handler call, committed only after the channel acknowledged (or the page was
 * dead-lettered) and the channel's record of the incident was written. So each channel gets its
 * pages in order, a slow channel delays no other, and a restart neither resends what was
 * acknowledged nor skips what was not; the record also dedupes on the incident (see
 * planDelivery). The remaining window, a crash between the receiver's acknowledgement and the
 * record's write, resends one event with the same id.
 */
export async function startDelivery(o: DeliveryOptions): Promise<Subscription[]> {
  const subs: Subscription[] = [];
  const stopping = new AbortController();
  const inFlight = new AbortController().signal;
  const ledger = o.ledger ?? new DeliveryLedger(async () => undefined);
  const recording = new Set<Promise<void>>();
  // Best effort and off the delivery path: a down index must not hold the next page back.
  const recordOutcome = (log: Logger, alertId: string, outcome: ChannelOutcome) => {
    const rec = o.recorder;
    if (!rec?.recordOutcome) return;
    const p = retry(() => rec.recordOutcome!(alertId, outcome), { retries: 3, baseMs: 200, maxMs: 2000 })
      .catch((e: unknown) => log.warn({ alertId, err: e }, 'channel outcome not recorded on the alert record'))
      .finally(() => recording.delete(p));
    recording.add(p);
  };
  for (const ch of o.channels) {
    const log = o.logger.child({ channel: ch.name, kind: ch.kind });
    const recent = new RecentIds();
    const handler = async (batch: BusMessage[]) => {
      for (const msg of batch) {
        const raw = JSON.parse(msg.value) as Alert;
        // Events written before incidents existed carry only the episode id.
        const alert: Alert = raw.incidentId ? raw : { ...raw, incidentId: raw.episodeId, rules: raw.rules ?? [] };
        if (recent.has(alert.id)) continue;
        const rec = ledger.get(ch.name, alert.incidentId);
        const plan = planDelivery(rec, alert, channelWants(ch.config, alert), (t) => ch.channel.accepts?.(t) ?? true);
        if (!plan.send) {
          if (plan.skip !== 'duplicate') log.debug({ alertId: alert.id, skip: plan.skip }, 'event not sent to this channel');
          else log.info({ alertId: alert.id }, 'event already handled by this channel (redelivery): not sent again');
          continue;
        }
        const toSend = plan.send;
        let ok = false;
        let delivered: string | undefined;
        const deadline = Date.parse(alert.createdAt) + o.deadlineMs;
        const page: { refusedWith?: number } = {};
        let attempts = 0;
        const outcome = (out: Omit<ChannelOutcome, 'name' | 'kind' | 'attempts' | 'sentAt'>): ChannelOutcome => ({
          name: ch.name, kind: ch.kind, attempts, sentAt: new Date(o.clock.now()).toISOString(), ...(page.refusedWith !== undefined ? { status: page.refusedWith } : {}), ...out,
        });
        try {
          if (o.clock.now() > deadline) throw new VigieError('ERR_ALERT_DELIVERY_EXPIRED', `page ${alert.id} not delivered before its deadline`);
          // A previous process died while sending this event: ask the receiver when it can tell.
          const known = rec?.pending === alert.seq && ch.channel.delivered ? await ch.channel.delivered(toSend, rec.thread, stopping.signal) : undefined;
          if (known) log.info({ alertId: alert.id }, 'event in doubt after a restart was already delivered: not sent again');
          // Write-ahead, for channels that can look an event up: the next process knows it may have
          // gone out. The others gain nothing from it (their receivers dedupe on the event id).
          else if (ch.channel.delivered) await ledger.put(ch.name, alert.incidentId, { ...(rec ?? { seq: -1, severity: 'info' }), pending: alert.seq, at: o.clock.now() });
          const onRefused = (status: number) => {
            o.metrics.minimalPages.inc({ channel: ch.name, status: String(status) });
            log.error({ alertId: alert.id, status }, 'receiver refused the page: sending the minimal rendering (headline + link); this is a Vigie bug, please report it');
          };
          const sent = known
            ? { rendering: 'full' as const, thread: known.thread }
            : await retry((attempt) => {
                attempts = attempt + 1;
                // A stop ends the retries, not a send under way: aborted after the receiver took it,
                // the page would be sent again by the next process.
                return sendPage(ch.channel, toSend, inFlight, page, onRefused, rec?.thread).then((r) => {
                  if (attempt > 0) log.info({ alertId: alert.id, attempt }, 'page delivered after retries');
                  return r;
                });
              }, {
                retries: Infinity,
                baseMs: o.retryBaseMs ?? 500,
                maxMs: o.retryMaxMs ?? 30_000,
                deadline: Math.min(deadline, o.clock.now() + (o.attemptWindowMs ?? 20_000)),
                signal: stopping.signal,
                now: () => o.clock.now(),
                onRetry: (e, attempt, delayMs) => log.warn({ alertId: alert.id, attempt, delayMs, code: (e as VigieError).code }, 'page delivery failed, retrying'),
              });
          delivered = sent.thread;
          ok = true;
          const result = sent.rendering === 'minimal' ? 'delivered_minimal' : 'delivered';
          o.metrics.deliveries.inc({ channel: ch.name, outcome: result });
          if (!known) recordOutcome(log, alert.id, outcome({ outcome: result }));
          o.metrics.latency.observe({ channel: ch.name }, Math.max(0, o.clock.now() - Date.parse(alert.createdAt)) / 1000);
        } catch (e) {
          const retriable = isVigieError(e) && e.retriable && o.clock.now() <= deadline;
          if (retriable || stopping.signal.aborted) {
            // Hand the message back uncommitted: it comes again, and nothing after it overtakes it.
            o.metrics.deliveries.inc({ channel: ch.name, outcome: 'retry' });
            throw e;
          }
          const err = isVigieError(e) && e.retriable ? new VigieError('ERR_ALERT_DELIVERY_EXPIRED', `page ${alert.id} to ${ch.name} not delivered before its deadline: ${e.message}`, { cause: e }) : e;
          log.error({ alertId: alert.id, code: (err as VigieError).code, err }, 'page not delivered: dead-lettered');
          await o.bus.publish(o.dlqTopic, [deadLetter(`alerts.deliver.${ch.name}`, err, msg.value, msg.key, msg)]);
          recent.add(alert.id);
          o.metrics.deliveries.inc({ channel: ch.name, outcome: 'dead_letter' });
          recordOutcome(log, alert.id, outcome({ outcome: 'dead_letter', error: `${(err as VigieError).code ?? 'ERR'}: ${String((err as Error).message ?? err).slice(0, 300)}` }));
        }
        if (ok) {
          // Written before the commit; Kafka being away only delays it (a stop hands the event back).
          // Tried once even when a stop is under way: the page went out, and without its record
          // the next process would send it again.
          const next = nextRecord(rec, alert, toSend, delivered, o.clock.now());
          const put = () => ledger.put(ch.name, alert.incidentId, next);
          await put().catch(() => retry(put, { retries: Infinity, baseMs: 200, maxMs: 5000, signal: stopping.signal }));
          recent.add(alert.id);
        }
      }
    };
    subs.push(await o.bus.consume({ groupId: `${o.groupId}.deliver.${ch.name}`, topics: [o.alertsTopic], maxBatch: 1, handler }));
  }
  return subs.map((s) => ({
    ready: s.ready,
    stop: async () => {
      stopping.abort();
      await s.stop();
      await Promise.all([...recording]);
    },
  }));
}
