import { createHash } from 'node:crypto';
import { severityRank, type AlertType, type Severity, type Trigger } from './contracts.ts';

/** Per-rule episode policy (from the rule's config). */
export interface EpisodePolicy {
  cooldownMs: number;
  resolveAfterMs: number;
  escalateFactor: number;
}

/** Says whether a page may go out now (quiet hours, catch-up after a replay). */
export type PageGate = (eventTimeMs: number, severity: Severity) => boolean;

/** An episode in progress: one rule, one scope, from opening to resolution. */
export interface Episode {
  id: string;
  rule: string;
  kind: string;
  scope: string;
  openedAt: number;
  /** Sequence number of the next page. */
  seq: number;
  /** Whether the opening page went out (quiet hours or catch-up can defer it). */
  paged: boolean;
  peakSeverity: Severity;
  pagedSeverity: Severity;
  pagedValue: number;
  lastTriggerAt: number;
  last: Trigger;
}

interface Cooldown {
  until: number;
  severity: Severity;
}

/** One page decided by the episode logic. */
export interface EpisodeEvent {
  type: AlertType;
  seq: number;
  episode: Readonly<Episode>;
  trigger: Trigger;
  eventTime: number;
}

/** State of one (rule, scope) pair, checkpointed under that key. */
export interface EpisodeSlot {
  open?: Episode;
  cooldown?: Cooldown;
}

/** Deterministic episode id: the same rule, scope and opening time always give the same id. */
export function episodeId(rule: string, scope: string, openedAt: number): string {
  return createHash('sha256').update(`${rule}\n${scope}\n${new Date(openedAt).toISOString()}`).digest('hex').slice(0, 32);
}

/**
 * The life cycle of a rule's episodes: open (one page), escalate (a page when severity rises or
 * the value grows by `escalateFactor` since the last page), resolve (one page once the
 * condition has been false for `resolveAfterMs`), then a cooldown during which the same scope
 * does not reopen unless more severe. Scopes are independent: a second incident elsewhere is
 * never hidden by the first.
 */
export class Episodes {
  private slots = new Map<string, EpisodeSlot>();
  private dirty = new Set<string>();

  constructor(
    private readonly rule: string,
    private readonly kind: string,
    private readonly policy: EpisodePolicy,
  ) {}

  update(triggers: readonly Trigger[], now: number, gate: PageGate): EpisodeEvent[] {
    const out: EpisodeEvent[] = [];
    const firing = new Set<string>();
    for (const t of triggers) {
      firing.add(t.scope);
      const slot = this.slots.get(t.scope) ?? {};
      const ep = slot.open;
      if (!ep) {
        const cd = slot.cooldown;
        if (cd && now < cd.until && severityRank(t.severity) <= severityRank(cd.severity)) continue;
        const opened: Episode = {
          id: episodeId(this.rule, t.scope, now),
          rule: this.rule,
          kind: this.kind,
          scope: t.scope,
          openedAt: now,
          seq: 0,
          paged: false,
          peakSeverity: t.severity,
          pagedSeverity: t.severity,
          pagedValue: t.value,
          lastTriggerAt: now,
          last: t,
        };
        this.slots.set(t.scope, { open: opened });
        this.dirty.add(t.scope);
        if (gate(now, t.severity)) out.push(this.page(opened, 'opened', t, now));
        continue;
      }
      ep.lastTriggerAt = now;
      ep.last = t;
      if (severityRank(t.severity) > severityRank(ep.peakSeverity)) ep.peakSeverity = t.severity;
      this.dirty.add(t.scope);
      if (!ep.paged) {
        if (gate(now, t.severity)) out.push(this.page(ep, 'opened', t, now));
        continue;
      }
      const worse = severityRank(t.severity) > severityRank(ep.pagedSeverity) || t.value >= ep.pagedValue * this.policy.escalateFactor;
      if (worse && gate(now, t.severity)) out.push(this.page(ep, 'escalated', t, now));
    }
    for (const [scope, slot] of this.slots) {
      const ep = slot.open;
      if (!ep || firing.has(scope)) continue;
      if (now - ep.lastTriggerAt < this.policy.resolveAfterMs) continue;
      // Resolutions always go out once the opening did: PagerDuty needs them to close incidents.
      if (ep.paged) out.push(this.page(ep, 'resolved', ep.last, now));
      this.slots.set(scope, { cooldown: { until: now + this.policy.cooldownMs, severity: ep.peakSeverity } });
      this.dirty.add(scope);
    }
    for (const [scope, slot] of this.slots) {
      if (!slot.open && (!slot.cooldown || slot.cooldown.until <= now)) {
        this.slots.delete(scope);
        this.dirty.add(scope);
      }
    }
    return out;
  }

  private page(ep: Episode, type: AlertType, t: Trigger, now: number): EpisodeEvent {
    const seq = ep.seq++;
    if (type === 'opened') ep.paged = true;
    if (type !== 'resolved') {
      ep.pagedSeverity = severityRank(t.severity) > severityRank(ep.pagedSeverity) || type === 'opened' ? t.severity : ep.pagedSeverity;
      ep.pagedValue = t.value;
    }
    return { type, seq, episode: { ...ep }, trigger: t, eventTime: now };
  }

  /** Open episodes (for `vigie alerts` status and tests). */
  openEpisodes(): Episode[] {
    return [...this.slots.values()].flatMap((s) => (s.open ? [s.open] : []));
  }

  takeDirty(): string[] {
    const d = [...this.dirty];
    this.dirty.clear();
    return d;
  }

  /** The slot of a scope, undefined when it holds nothing (a checkpoint then clears the key). */
  exportScope(scope: string): EpisodeSlot | undefined {
    return this.slots.get(scope);
  }

  importScope(scope: string, slot: EpisodeSlot | undefined): void {
    if (slot && (slot.open || slot.cooldown)) this.slots.set(scope, slot);
    else this.slots.delete(scope);
  }
}
