/**
 * What the chaos suite checks about pages, now that alerts are incidents: every crisis the
 * harness starts (a burst on a watch entry of its own) must give exactly one incident that the
 * webhook receiver saw opened once and resolved once, with an escalation only where the severity
 * rose, no event delivered twice, and nothing arriving for an incident of another scenario.
 */
import { severityRank, type Alert } from '../../../alerts/contracts.ts';

/** One event the webhook receiver acknowledged (signature checked at arrival). */
export interface Receipt {
  at: number;
  alert: Alert;
}

/** A crisis started by the harness: its own watch entry, hence its own incident scope. */
export interface Crisis {
  /** Incident scope the crisis must open, e.g. `entry:Outage3`. */
  scope: string;
  /** Wall-clock time of the burst. */
  at: number;
}

export interface PageVerdict {
  /** Events received (opened, updated, escalated, resolved). */
  events: number;
  /** Events that page (opened, escalated). */
  pages: number;
  /** Distinct incidents seen for the crises. */
  incidents: number;
  /** Pages beyond one faithful incident per crisis: an event id twice, a second opening, a second incident, an escalation without a severity rise, a second resolution. */
  duplicatePages: number;
  /** Crises without an incident both opened and resolved. */
  missedIncidents: number;
  /** Events of no crisis of this scenario (an earlier scenario's incident still paging, or an unknown scope). */
  stray: number;
  /** Each finding in words, with the page sequence it comes from. */
  problems: string[];
}

/** `type seq severity @time` of one receipt, for problem messages and the evidence log. */
export function describeReceipt(r: Receipt): string {
  const a = r.alert;
  return `${new Date(r.at).toISOString()} ${a.type} ${a.id} ${a.scope} ${a.severity}${a.escalation ? ` (${a.escalation})` : ''} value=${a.value}`;
}

/** Judges the receipts of one scenario against the crises it started. */
export function judgePages(receipts: readonly Receipt[], crises: readonly Crisis[]): PageVerdict {
  const problems: string[] = [];
  let duplicatePages = 0;
  let missedIncidents = 0;
  let incidentCount = 0;
  const seen = new Map<string, number>();
  for (const r of receipts) seen.set(r.alert.id, (seen.get(r.alert.id) ?? 0) + 1);
  for (const [id, n] of seen) {
    if (n < 2) continue;
    duplicatePages += n - 1;
    problems.push(`event ${id} received ${n} times`);
  }
  const scopes = new Set(crises.map((c) => c.scope));
  const stray = receipts.filter((r) => !scopes.has(r.alert.scope));
  for (const r of stray) problems.push(`event of no crisis of this scenario: ${describeReceipt(r)}`);

  for (const c of crises) {
    const mine = receipts.filter((r) => r.alert.scope === c.scope);
    const byIncident = new Map<string, Receipt[]>();
    for (const r of mine) byIncident.set(r.alert.incidentId, [...(byIncident.get(r.alert.incidentId) ?? []), r]);
    incidentCount += byIncident.size;
    const sequence = mine.map(describeReceipt).join('; ') || 'nothing';
    if (byIncident.size > 1) {
      duplicatePages += byIncident.size - 1;
      problems.push(`crisis on ${c.scope} gave ${byIncident.size} incidents: ${sequence}`);
    }
    let complete = false;
    for (const [id, rs] of byIncident) {
      const distinct = [...new Map(rs.map((r) => [r.alert.id, r])).values()];
      const of = (t: Alert['type']) => distinct.filter((r) => r.alert.type === t);
      const opened = of('opened');
      const resolved = of('resolved');
      if (opened.length !== 1) problems.push(`incident ${id} on ${c.scope} has ${opened.length} openings: ${sequence}`);
      if (resolved.length !== 1) problems.push(`incident ${id} on ${c.scope} has ${resolved.length} resolutions: ${sequence}`);
      duplicatePages += Math.max(0, opened.length - 1) + Math.max(0, resolved.length - 1);
      // In arrival order, as on-call staff see it: the first thing they get is the opening.
      if (distinct[0] && distinct[0].alert.type !== 'opened') problems.push(`incident ${id} on ${c.scope} starts with ${distinct[0].alert.type}, not opened: ${sequence}`);
      // In the incident's own order (seq): it pages again only when its severity rises above
      // what it already paged, and nothing follows its resolution.
      let paged = -1;
      let resolved1 = false;
      for (const r of [...distinct].sort((x, y) => x.alert.seq - y.alert.seq)) {
        const a = r.alert;
        if (resolved1) problems.push(`incident ${id}: ${a.type} ${a.id} after its resolution`);
        if (a.type === 'resolved') resolved1 = true;
        if (a.type === 'opened') paged = Math.max(paged, severityRank(a.severity));
        if (a.type === 'escalated') {
          if (severityRank(a.severity) <= paged) {
            duplicatePages += 1;
            problems.push(`incident ${id}: escalation ${a.id} to ${a.severity} without a severity rise: ${sequence}`);
          }
          paged = Math.max(paged, severityRank(a.severity));
        }
      }
      if (opened.length >= 1 && resolved.length >= 1) complete = true;
    }
    if (!complete) {
      missedIncidents += 1;
      problems.push(`crisis on ${c.scope} at ${new Date(c.at).toISOString()}: no incident opened and resolved (${sequence})`);
    }
  }
  return {
    events: receipts.length,
    pages: receipts.filter((r) => r.alert.type === 'opened' || r.alert.type === 'escalated').length,
    incidents: incidentCount,
    duplicatePages,
    missedIncidents,
    stray: stray.length,
    problems,
  };
}
