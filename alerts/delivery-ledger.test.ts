import { describe, expect, it } from 'vitest';
import { sampleAlert } from '../test/fixtures/alerts/sample-alert.ts';
import type { Alert, AlertType } from './contracts.ts';
import { nextRecord, planDelivery, type DeliveryRecord } from './delivery-ledger.ts';

const all = (_x: unknown) => true;
const noUpdates = (t: AlertType) => t !== 'updated';
const ev = (seq: number, type: Alert['type'], severity: Alert['severity'], over: Partial<Alert> = {}) => sampleAlert({ id: `i:${seq}`, incidentId: 'i', seq, type, severity, ...over });

/** Runs events through one channel's plan, as the outbox does; returns what it sent. */
function channel(events: Alert[], wants: (a: Alert) => boolean, accepts: (t: AlertType) => boolean = all, start?: DeliveryRecord) {
  let rec = start;
  const sent: string[] = [];
  for (const a of events) {
    const p = planDelivery(rec, a, wants(a), accepts);
    if (p.send) {
      sent.push(`${p.send.seq}:${p.send.type}:${p.send.severity}`);
      rec = nextRecord(rec, a, p.send, rec?.thread ?? 'T', 0);
    }
  }
  return { sent, rec };
}

describe('per-channel delivery plan (dedupe on incidents)', () => {
  const story = [ev(0, 'opened', 'warning'), ev(1, 'updated', 'warning'), ev(2, 'escalated', 'critical'), ev(3, 'updated', 'critical'), ev(4, 'resolved', 'critical')];

  it('delivers an incident once, in order; a redelivered or re-derived event with a handled seq is dropped', () => {
    const { sent, rec } = channel([...story.slice(0, 3), story[1]!, story[2]!, ...story.slice(3)], all);
    expect(sent).toEqual(['0:opened:warning', '1:updated:warning', '2:escalated:critical', '3:updated:critical', '4:resolved:critical']);
    expect(rec).toMatchObject({ seq: 4, severity: 'critical', thread: 'T', resolved: true });
  });

  it('a channel that cannot thread skips quiet updates', () => {
    expect(channel(story, all, noUpdates).sent).toEqual(['0:opened:warning', '2:escalated:critical', '4:resolved:critical']);
  });

  it('a critical-only channel gets its opening when the incident turns critical, then its follow-ups', () => {
    expect(channel(story, (a) => a.severity === 'critical').sent).toEqual(['2:opened:critical', '3:updated:critical', '4:resolved:critical']);
    // Never critical: nothing, not even the resolution.
    expect(channel([story[0]!, story[1]!, ev(2, 'resolved', 'warning')], (a) => a.severity === 'critical').sent).toEqual([]);
  });

  it('a severity escalation not above what the channel paged is a quiet update; a growth escalation (grouping: rule) pages', () => {
    const rec: DeliveryRecord = { seq: 2, severity: 'critical', at: 0 };
    expect(planDelivery(rec, ev(3, 'escalated', 'critical', { escalation: 'severity' }), true, all).send?.type).toBe('updated');
    expect(planDelivery(rec, ev(3, 'escalated', 'critical', { escalation: 'growth' }), true, all).send?.type).toBe('escalated');
    // An opening seen again under a new seq (state lost) does not open twice.
    expect(planDelivery(rec, ev(3, 'opened', 'critical'), true, all).send?.type).toBe('updated');
  });

  it('a pending mark alone (seq -1: the opening was being sent) still lets the opening through', () => {
    expect(planDelivery({ seq: -1, severity: 'info', pending: 0, at: 0 }, story[0]!, true, all).send?.type).toBe('opened');
  });
});
