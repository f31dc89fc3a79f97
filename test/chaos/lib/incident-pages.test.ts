import { describe, expect, it } from 'vitest';
import type { Alert, AlertType, Severity } from '../../../alerts/contracts.ts';
import { judgePages, type Crisis, type Receipt } from './incident-pages.ts';

const T = Date.parse('2026-12-07T01:00:00Z');
const A: Crisis = { scope: 'entry:Outage1', at: T };
const B: Crisis = { scope: 'entry:Outage2', at: T + 60_000 };

/** A receipt of event `seq` of incident `inc` (scope of crisis `c`) at second `s`. */
function ev(c: Crisis, inc: string, seq: number, type: AlertType, severity: Severity, s: number): Receipt {
  return { at: T + s * 1000, alert: { id: `${inc}:${seq}`, incidentId: inc, episodeId: inc, seq, type, severity, scope: c.scope, value: 20 } as Alert };
}

describe('judgePages: one crisis, one incident', () => {
  it('an opening, quiet updates, an escalation on a severity rise and one resolution are clean', () => {
    const v = judgePages([ev(A, 'a', 0, 'opened', 'warning', 1), ev(A, 'a', 1, 'updated', 'warning', 2), ev(A, 'a', 2, 'escalated', 'critical', 3), ev(A, 'a', 3, 'resolved', 'critical', 40)], [A]);
    expect(v).toMatchObject({ events: 4, pages: 2, incidents: 1, duplicatePages: 0, missedIncidents: 0, stray: 0, problems: [] });
  });

  it('the issue 21 sequence: an escalation at the same severity first, then nothing else, is a duplicate page and a missed incident', () => {
    const v = judgePages([ev(A, 'a', 1, 'escalated', 'critical', 2), ev(A, 'a', 0, 'opened', 'critical', 2)], [A]);
    expect(v.problems.join('\n')).toMatch(/starts with escalated/);
    expect(v.duplicatePages).toBe(1);
    expect(v.missedIncidents).toBe(1);
  });

  it('the same event twice, a second opening and a second incident for one crisis are duplicates', () => {
    const v = judgePages([ev(A, 'a', 0, 'opened', 'critical', 1), ev(A, 'a', 0, 'opened', 'critical', 5), ev(A, 'a', 1, 'resolved', 'critical', 40), ev(A, 'b', 0, 'opened', 'critical', 50), ev(A, 'b', 1, 'resolved', 'critical', 90)], [A]);
    expect(v.duplicatePages).toBe(2);
    expect(v.incidents).toBe(2);
    expect(v.problems).toHaveLength(2);
  });

  it('a crisis never resolved is missed; an event of another scenario is stray', () => {
    const v = judgePages([ev(A, 'a', 1, 'resolved', 'critical', 30), ev(B, 'b', 0, 'opened', 'critical', 61)], [B]);
    expect(v).toMatchObject({ missedIncidents: 1, stray: 1 });
    expect(v.problems.join('\n')).toMatch(/no crisis of this scenario.*Outage1/);
  });

  it('an event after the resolution is reported', () => {
    const v = judgePages([ev(A, 'a', 0, 'opened', 'critical', 1), ev(A, 'a', 1, 'resolved', 'critical', 40), ev(A, 'a', 2, 'updated', 'critical', 41)], [A]);
    expect(v.problems.join('\n')).toMatch(/after its resolution/);
  });
});
