import { severityRank, type Alert, type AlertType, type Severity } from './contracts.ts';
import type { StateRecord } from './engine.ts';

/** What one channel did with one incident, checkpointed as `delivery:<channel>|<incidentId>`. */
export interface DeliveryRecord {
  /** Highest event seq handled (sent or deliberately skipped). */
  seq: number;
  /** Highest severity this channel paged for the incident. */
  severity: Severity;
  /** The channel's handle on the incident (Slack thread ts, email Message-ID). */
  thread?: string;
  resolved?: boolean;
  /** Seq of an event being sent: written before the send, so a restart knows it is in doubt. */
  pending?: number;
  /** Wall-clock time of the last change (ms), for pruning. */
  at: number;
}

/** What to do with one outbox event on one channel. */
export interface DeliveryPlan {
  /** The event as this channel sends it (its type may change, see planDelivery), or undefined: nothing to send. */
  send?: Alert;
  /** Why nothing is sent (for logs and tests). */
  skip?: 'duplicate' | 'not-wanted' | 'not-opened-here' | 'not-threadable' | 'resolved';
}

/**
 * Decides how a channel handles an incident event, given what it already did for that incident.
 * Every channel dedupes on the incident: an event at or below the last handled seq is a
 * duplicate (a redelivery after a crash); an incident is opened once per channel. A channel that
 * has not opened an incident opens it with the first event it wants (a `minSeverity: critical`
 * channel gets its opening when the incident turns critical); a resolution only follows an
 * opening; a severity escalation that is not above what this channel already paged is sent as
 * a quiet update; channels that cannot thread (`accepts`) skip quiet updates.
 */
export function planDelivery(record: DeliveryRecord | undefined, alert: Alert, wants: boolean, accepts: (t: AlertType) => boolean): DeliveryPlan {
  // A record with seq -1 only says an opening was being sent (see DeliveryRecord.pending).
  const rec = record && record.seq >= 0 ? record : undefined;
  if (rec && alert.seq <= rec.seq) return { skip: 'duplicate' };
  if (rec?.resolved) return { skip: 'resolved' };
  if (!rec) {
    if (alert.type === 'resolved') return { skip: 'not-opened-here' };
    if (!wants) return { skip: 'not-wanted' };
    return { send: alert.type === 'opened' ? alert : { ...alert, type: 'opened' } };
  }
  let type: AlertType = alert.type;
  if (type === 'opened') type = 'updated';
  // A growth escalation (grouping: rule) pages at the same severity by design.
  if (type === 'escalated' && alert.escalation !== 'growth' && severityRank(alert.severity) <= severityRank(rec.severity)) type = 'updated';
  if (!accepts(type)) return { skip: 'not-threadable' };
  return { send: type === alert.type ? alert : { ...alert, type } };
}

/** The record after `sent` went out (or after a skip, with `sent` undefined). */
export function nextRecord(record: DeliveryRecord | undefined, alert: Alert, sent: Alert | undefined, thread: string | undefined, now: number): DeliveryRecord {
  const rec = record && record.seq >= 0 ? record : undefined;
  const severity = sent && sent.type !== 'updated' && sent.type !== 'resolved' && (!rec || severityRank(sent.severity) > severityRank(rec.severity)) ? sent.severity : (rec?.severity ?? alert.severity);
  return { seq: alert.seq, severity, ...((thread ?? rec?.thread) !== undefined ? { thread: thread ?? rec?.thread } : {}), ...(rec?.resolved || sent?.type === 'resolved' ? { resolved: true } : {}), at: now };
}

const PREFIX = 'delivery:';
/** Records of resolved incidents are forgotten after this long; others after `STALE_MS`. */
const RESOLVED_KEEP_MS = 7 * 86_400_000;
const STALE_MS = 30 * 86_400_000;

/**
 * Per-channel, per-incident delivery records, loaded from the alert state topic at start and
 * written back after every delivery, before the outbox offset is committed: a restart (even
 * after kill -9) neither re-opens nor re-pages an incident a channel already has, and keeps
 * replying in the same Slack or email thread.
 */
export class DeliveryLedger {
  private readonly records = new Map<string, DeliveryRecord>();

  constructor(private readonly write: (records: StateRecord[]) => Promise<void>) {}

  /** Takes the `delivery:` records of a state load; returns tombstones for the ones too old to keep. */
  load(records: readonly StateRecord[], now: number): StateRecord[] {
    const drop: StateRecord[] = [];
    for (const r of records) {
      if (!r.key.startsWith(PREFIX) || r.value === null) continue;
      const rec = r.value as DeliveryRecord;
      const age = now - (rec.at ?? 0);
      if (age > (rec.resolved ? RESOLVED_KEEP_MS : STALE_MS)) drop.push({ key: r.key, value: null });
      else this.records.set(r.key.slice(PREFIX.length), rec);
    }
    return drop;
  }

  get(channel: string, incidentId: string): DeliveryRecord | undefined {
    return this.records.get(`${channel}|${incidentId}`);
  }

  async put(channel: string, incidentId: string, rec: DeliveryRecord): Promise<void> {
    const key = `${channel}|${incidentId}`;
    await this.write([{ key: `${PREFIX}${key}`, value: rec }]);
    this.records.set(key, rec);
  }
}
