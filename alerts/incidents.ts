import { createHash } from 'node:crypto';
import { severityRank, type AlertType, type Severity, type Trigger } from './contracts.ts';

/** Per-rule policy (from the rule's config). */
export interface EpisodePolicy {
  cooldownMs: number;
  resolveAfterMs: number;
  escalateFactor: number;
}

/**
 * How triggers become incidents. `scope`: every rule firing for the same scope joins one
 * incident (one page at the opening, quiet updates, a page again only when the severity rises).
 * `rule`: one incident per rule and scope, paging again when the value grows by `escalateFactor`
 * (the behaviour before incidents existed).
 */
export const groupings = ['scope', 'rule'] as const;
export type Grouping = (typeof groupings)[number];

/** Says whether an event may go out now (quiet hours, catch-up after a replay). */
export type PageGate = (eventTimeMs: number, severity: Severity) => boolean;

/** One rule (and trigger scope) inside an incident. */
export interface Member {
  rule: string;
  kind: string;
  /** The trigger's scope (finer than the incident's for new_term). */
  scope: string;
  firstAt: number;
  lastAt: number;
  /** Fired at the latest evaluation. */
  active: boolean;
  peakSeverity: Severity;
  /** Value at the last event that reported this member (growth is measured from it). */
  reportedValue: number;
  last: Trigger;
}

/** An incident in progress: one grouping key, from opening to resolution. */
export interface Incident {
  id: string;
  /** Grouping key: the scope, or `<rule>|<scope>` with `grouping: rule`. */
  key: string;
  scope: string;
  openedAt: number;
  /** Sequence number of the next event. */
  seq: number;
  /** Whether the opening went out (quiet hours or catch-up can defer it). */
  paged: boolean;
  peakSeverity: Severity;
  pagedSeverity: Severity;
  lastTriggerAt: number;
  members: Member[];
}

interface Cooldown {
  until: number;
  severity: Severity;
}

/** State of one grouping key, checkpointed under that key. */
export interface IncidentSlot {
  open?: Incident;
  cooldown?: Cooldown;
}

/** One event decided by the incident logic. `lead` is the member the event is about. */
export interface IncidentEvent {
  type: AlertType;
  /** Escalations: why. */
  escalation?: 'severity' | 'growth';
  seq: number;
  incident: Incident;
  lead: Member;
  eventTime: number;
}

/** Deterministic episode id of `grouping: rule`: the same rule, scope and opening time always give the same id. */
export function episodeId(rule: string, scope: string, openedAt: number): string {
  return createHash('sha256').update(`${rule}\n${scope}\n${new Date(openedAt).toISOString()}`).digest('hex').slice(0, 32);
}

/** Deterministic incident id of `grouping: scope`: any process seeing the same opening computes the same id. */
export function incidentId(scope: string, openedAt: number): string {
  return createHash('sha256').update(`incident\n${scope}\n${new Date(openedAt).toISOString()}`).digest('hex').slice(0, 32);
}

const rank = severityRank;
const memberKey = (t: { rule: string; scope: string }) => `${t.rule}|${t.scope}`;

function clone<T>(x: T): T {
  return structuredClone(x);
}

/**
 * The life cycle of incidents. Triggers of every rule evaluated at the same event time are
 * grouped by key; a key with no open incident opens one (one page, with every firing rule),
 * unless it is in its cooldown and the triggers are not more severe than the incident that
 * ended it. While open, a rule that joins or a figure that grows by its rule's `escalateFactor`
 * gives a quiet update; a rise of the incident's severity pages again. The incident resolves
 * once every member has been quiet for its rule's `resolveAfter`; the key then stays in cooldown
 * for the longest `cooldown` of its members. Keys are independent: a crisis of another brand is
 * never hidden by the first.
 */
export class Incidents {
  private slots = new Map<string, IncidentSlot>();
  private dirty = new Set<string>();

  constructor(
    private readonly grouping: Grouping,
    private readonly policyOf: (rule: string) => EpisodePolicy,
  ) {}

  /** The key a trigger groups under. */
  keyOf(t: Trigger): string {
    return this.grouping === 'rule' ? `${t.rule}|${t.scope}` : (t.baseScope ?? t.scope);
  }

  private newId(key: string, t: Trigger, now: number): string {
    return this.grouping === 'rule' ? episodeId(t.rule, t.scope, now) : incidentId(key, now);
  }

  update(triggers: readonly Trigger[], now: number, gate: PageGate): IncidentEvent[] {
    const out: IncidentEvent[] = [];
    const byKey = new Map<string, Trigger[]>();
    for (const t of triggers) {
      const k = this.keyOf(t);
      const list = byKey.get(k);
      if (list) list.push(t);
      else byKey.set(k, [t]);
    }
    for (const [key, ts] of byKey) this.fire(key, ts, now, gate, out);
    for (const [key, slot] of this.slots) {
      const inc = slot.open;
      if (!inc || byKey.has(key)) continue;
      for (const m of inc.members) m.active = false;
      if (inc.members.some((m) => now - m.lastAt < this.policyOf(m.rule).resolveAfterMs)) continue;
      // Resolutions always go out once the opening did: PagerDuty needs them to close incidents.
      if (inc.paged) out.push(this.event(inc, 'resolved', this.leadOf(inc, true), now));
      const cooldownMs = Math.max(...inc.members.map((m) => this.policyOf(m.rule).cooldownMs));
      this.slots.set(key, { cooldown: { until: now + cooldownMs, severity: inc.peakSeverity } });
      this.dirty.add(key);
    }
    for (const [key, slot] of this.slots) {
      if (!slot.open && (!slot.cooldown || slot.cooldown.until <= now)) {
        this.slots.delete(key);
        this.dirty.add(key);
      }
    }
    return out;
  }

  private fire(key: string, ts: Trigger[], now: number, gate: PageGate, out: IncidentEvent[]): void {
    const slot = this.slots.get(key) ?? {};
    let inc = slot.open;
    this.dirty.add(key);
    if (!inc) {
      const cd = slot.cooldown;
      if (cd && now < cd.until && ts.every((t) => rank(t.severity) <= rank(cd.severity))) return;
      const first = ts[0]!;
      inc = {
        id: this.newId(key, first, now),
        key,
        scope: this.grouping === 'rule' ? first.scope : key,
        openedAt: now,
        seq: 0,
        paged: false,
        peakSeverity: first.severity,
        pagedSeverity: first.severity,
        lastTriggerAt: now,
        members: [],
      };
      this.slots.set(key, { open: inc });
    }
    const joined: Member[] = [];
    const grown: Member[] = [];
    const firing = new Set(ts.map(memberKey));
    for (const m of inc.members) if (!firing.has(memberKey(m))) m.active = false;
    for (const t of ts) {
      let m = inc.members.find((x) => x.rule === t.rule && x.scope === t.scope);
      if (!m) {
        m = { rule: t.rule, kind: t.kind, scope: t.scope, firstAt: now, lastAt: now, active: true, peakSeverity: t.severity, reportedValue: t.value, last: t };
        inc.members.push(m);
        joined.push(m);
        continue;
      }
      m.lastAt = now;
      m.active = true;
      m.last = t;
      if (rank(t.severity) > rank(m.peakSeverity)) m.peakSeverity = t.severity;
      if (t.value >= m.reportedValue * this.policyOf(m.rule).escalateFactor) grown.push(m);
    }
    inc.lastTriggerAt = now;
    const severity = this.severityOf(inc);
    if (rank(severity) > rank(inc.peakSeverity)) inc.peakSeverity = severity;
    if (!inc.paged) {
      if (!gate(now, severity)) return;
      inc.pagedSeverity = severity;
      out.push(this.event(inc, 'opened', this.leadOf(inc, false), now));
      return;
    }
    if (!gate(now, severity)) return;
    if (rank(severity) > rank(inc.pagedSeverity)) {
      inc.pagedSeverity = severity;
      out.push({ ...this.event(inc, 'escalated', this.leadOf(inc, false), now), escalation: 'severity' });
    } else if (grown.length > 0 && this.grouping === 'rule') {
      out.push({ ...this.event(inc, 'escalated', grown[0]!, now), escalation: 'growth' });
    } else if (joined.length > 0 || grown.length > 0) {
      out.push(this.event(inc, 'updated', joined[0] ?? grown[0]!, now));
    }
  }

  /** The highest severity among the members firing now. */
  private severityOf(inc: Incident): Severity {
    let s: Severity = 'info';
    for (const m of inc.members) if (m.active && rank(m.last.severity) > rank(s)) s = m.last.severity;
    return s;
  }

  /** The member an opening, escalation or resolution is about: the most severe (peak for a resolution), the earliest on ties. */
  private leadOf(inc: Incident, peak: boolean): Member {
    let best = inc.members[0]!;
    for (const m of inc.members) {
      const sev = (x: Member) => rank(peak ? x.peakSeverity : x.active ? x.last.severity : 'info');
      if (sev(m) > sev(best) || (sev(m) === sev(best) && !peak && m.active && !best.active)) best = m;
    }
    return best;
  }

  private event(inc: Incident, type: AlertType, lead: Member, now: number): IncidentEvent {
    const seq = inc.seq++;
    if (type === 'opened') inc.paged = true;
    // Growth is measured from what the last event reported.
    if (type !== 'resolved') for (const m of inc.members) if (m.active) m.reportedValue = m.last.value;
    return { type, seq, incident: clone(inc), lead: clone(lead), eventTime: now };
  }

  /** Open incidents (for status and tests). */
  openIncidents(): Incident[] {
    return [...this.slots.values()].flatMap((s) => (s.open ? [s.open] : []));
  }

  takeDirty(): string[] {
    const d = [...this.dirty];
    this.dirty.clear();
    return d;
  }

  /** The slot of a key, undefined when it holds nothing (a checkpoint then clears the key). */
  exportKey(key: string): IncidentSlot | undefined {
    return this.slots.get(key);
  }

  importKey(key: string, slot: IncidentSlot | undefined): void {
    if (slot && (slot.open || slot.cooldown)) this.slots.set(key, slot);
    else this.slots.delete(key);
  }

  /**
   * Restores the checkpoint of a per-rule episode written before incidents existed
   * (`episode:<rule>|<scope>`), so an upgrade in the middle of a crisis neither re-pages nor
   * forgets it. Returns the key it now lives under (to be checkpointed).
   */
  importLegacyEpisode(rule: string, scope: string, slot: LegacyEpisodeSlot | undefined): string | undefined {
    if (!slot) return undefined;
    const trigger = slot.open?.last;
    const key = this.grouping === 'rule' ? `${rule}|${scope}` : (trigger?.baseScope ?? scope);
    const current = this.slots.get(key);
    const ep = slot.open;
    if (!ep) {
      if (slot.cooldown && !current) this.slots.set(key, { cooldown: slot.cooldown });
      this.dirty.add(key);
      return key;
    }
    const member: Member = { rule, kind: ep.kind, scope, firstAt: ep.openedAt, lastAt: ep.lastTriggerAt, active: false, peakSeverity: ep.peakSeverity, reportedValue: ep.pagedValue, last: ep.last };
    if (current?.open) {
      current.open.members.push(member);
    } else {
      this.slots.set(key, {
        open: { id: ep.id, key, scope: this.grouping === 'rule' ? scope : key, openedAt: ep.openedAt, seq: ep.seq, paged: ep.paged, peakSeverity: ep.peakSeverity, pagedSeverity: ep.pagedSeverity, lastTriggerAt: ep.lastTriggerAt, members: [member] },
      });
    }
    this.dirty.add(key);
    return key;
  }
}

/** The checkpoint format of an episode before incidents (kept readable for upgrades). */
export interface LegacyEpisodeSlot {
  open?: { id: string; kind: string; openedAt: number; seq: number; paged: boolean; peakSeverity: Severity; pagedSeverity: Severity; pagedValue: number; lastTriggerAt: number; last: Trigger };
  cooldown?: Cooldown;
}
