import type { Organisations } from '../core/organisation.ts';
import type { EnrichedMention } from '../core/mention.ts';

/** How bad an alert is; channels map it to their own levels (PagerDuty severity, colours). */
export const severities = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof severities)[number];

/** Orders severities so that escalation can compare them. */
export function severityRank(s: Severity): number {
  return severities.indexOf(s);
}

/** A mention quoted as evidence. `text` is user text: channels escape it for their format. */
export interface SampleMention {
  id: string;
  url?: string;
  title?: string;
  text: string;
  author?: string;
  source: string;
  publishedAt: string;
  sentiment?: number;
  influence?: number;
}

/** What a page shows so that on-call staff can judge it without opening Kibana. */
export interface Evidence {
  /** Mentions counted in the window (near-duplicates once). */
  count: number;
  /** The expected value the rule compared against (count, share or mean), when it has one. */
  baseline?: number;
  /** Event-time window the figures cover. */
  window: { from: string; to: string };
  /** Rule-specific figures (ratio, zScore, negativeShare, meanSentiment...). */
  metrics: Record<string, number>;
  samples: SampleMention[];
  topAuthors: Array<{ author: string; count: number }>;
  topTerms: Array<{ term: string; count: number }>;
}

/** Bilingual one-line explanation. */
export interface Texts {
  en: string;
  fr: string;
}

/** What a rule reports for one scope while its condition holds. Absence means "normal". */
export interface Trigger {
  /** Configured rule name. */
  rule: string;
  kind: string;
  /** `all`, `entry:<watch entry name>` or `set:<filter>`; see alerts/scope.ts. */
  scope: string;
  severity: Severity;
  /** The figure escalation compares (count, share...): larger is worse. */
  value: number;
  /** Event time of the evaluation (ISO). */
  eventTime: string;
  reason: Texts;
  evidence: Evidence;
  /** KQL query selecting the evidence in Kibana. */
  kql: string;
  /**
   * The watch scope the trigger belongs to when `scope` is finer (new_term: one trigger per
   * term, `entry:Acme/#recall`): incidents group on it. Absent: `scope`.
   */
  baseScope?: string;
  /** A broader query (the scope alone), for when `kql` makes a link longer than receivers take. */
  kqlBroad?: string;
}

/**
 * `opened` and `escalated` page; `updated` is a quiet follow-up (another rule joined, or a
 * figure grew) that channels thread under the opening; `resolved` closes the incident.
 */
export const alertTypes = ['opened', 'updated', 'escalated', 'resolved'] as const;
export type AlertType = (typeof alertTypes)[number];

/** Whether an event of this type pages (as opposed to a quiet update or the resolution). */
export function isPage(type: AlertType): boolean {
  return type === 'opened' || type === 'escalated';
}

/** One rule's part in an incident: its latest trigger and when it fired. */
export interface RuleEvent {
  rule: string;
  kind: string;
  /** The trigger's scope (finer than the incident's for new_term). */
  scope: string;
  severity: Severity;
  value: number;
  /** Event time the rule first fired in this incident (ISO). */
  firstAt: string;
  /** Event time of its latest trigger (ISO). */
  lastAt: string;
  /** Whether it still fired at this event's evaluation. */
  active: boolean;
  reason: Texts;
  evidence: Evidence;
  kql: string;
}

/**
 * One event of an incident: what goes to `vigie.alerts`, the alerts index and channels. An
 * incident gathers every rule firing for one scope (or, with `grouping: rule`, one rule and
 * scope, as episodes were before incidents).
 */
export interface Alert {
  /** `<incidentId>:<seq>`: unique per event, stable across restarts (receivers may dedupe on it). */
  id: string;
  /** Deterministic from the grouping key and the opening's event time (PagerDuty dedup_key, Slack thread, email thread). */
  incidentId: string;
  /** Same as `incidentId` (the name receivers of webhook version 1 know). */
  episodeId: string;
  /** 0 for the opening, then 1, 2... */
  seq: number;
  type: AlertType;
  /** The rule this event is about: the most severe one for an opening or escalation, the joining one for an update. */
  rule: string;
  kind: string;
  /** The incident's scope (`entry:Acme`, `set:...`, `all`). */
  scope: string;
  /** The incident's severity: the highest among its firing rules (its peak on resolution). */
  severity: Severity;
  value: number;
  /** Every rule of the incident so far, in the order they joined, with their latest evidence. */
  rules: RuleEvent[];
  /** On `escalated` events: the severity rose, or (with `grouping: rule` only) a figure grew by `escalateFactor`. */
  escalation?: 'severity' | 'growth';
  /** Event time the incident opened (ISO). */
  openedAt: string;
  /** Event time of the evaluation that produced this event (ISO). */
  eventTime: string;
  /** Wall-clock time the engine produced the event (ISO), for latency figures. */
  createdAt: string;
  reason: Texts;
  evidence: Evidence;
  kibanaUrl?: string;
  /** IANA zone used to render times (default America/Montreal). */
  timeZone: string;
  /** Set on `vigie alerts test` samples. */
  test?: boolean;
}

/**
 * A rule type's instance. Rules never read the wall clock: time comes in through `evaluate(now)`
 * and windows are keyed on `publishedAt` (event time).
 */
export interface Rule {
  observe(m: Readonly<EnrichedMention>): void;
  evaluate(now: Date): Trigger[];
}

/** A rule whose per-scope state can be checkpointed (`vigie.alerts.state`, key = rule + scope). */
export interface StatefulRule extends Rule {
  /** Scopes whose state changed since the last call, then forgets them. */
  takeDirty(): string[];
  exportScope(scope: string): unknown;
  importScope(scope: string, state: unknown): void;
  scopes(): string[];
  /**
   * True for rules that count voices, not copies (alerts/voices.ts): the engine does not show
   * them a copy its account already posted. Rules that must see every mention (a brand's
   * templated reply is a copy too, and still a reply) leave it unset.
   */
  readonly countsVoices?: boolean;
  /**
   * Which watch entries belong to one organisation (watch config), for rules that leave out
   * mentions naming another organisation (`shared: exclude`). Called once, before any mention.
   */
  useOrganisations?(organisations: Organisations): void;
  /** Mentions ignored since start because later than the rule's `allowedLateness` (exported by alerts/metrics.ts). */
  readonly tooLate?: number;
  /** Mentions the rule had no room to remember since start (`unanswered`: waits beyond `maxWaiting`; exported by alerts/metrics.ts). */
  readonly droppedWaits?: number;
}

/**
 * Delivers one alert event. Resolves once the receiver acknowledged it (2xx). `thread` is what
 * this channel returned for the incident's earlier events (a Slack `ts`, an email Message-ID);
 * returning a string sets it for the next ones.
 */
export interface Channel {
  send(alert: Alert, signal: AbortSignal, thread?: string): Promise<string | void>;
  /** Event types this channel delivers (default all): a channel that cannot thread skips quiet updates. */
  accepts?(type: AlertType): boolean;
  /**
   * For an event whose delivery was in doubt (the worker died after sending it, before recording
   * it): whether the receiver already has it, and its thread. Channels that can look (Slack's
   * Web API) implement it; the others resend and the receiver dedupes on the event id.
   */
  delivered?(alert: Alert, thread: string | undefined, signal: AbortSignal): Promise<{ thread?: string } | undefined>;
}

/** What became of one page on one channel: the alert record's `channels` entries. */
export interface ChannelOutcome {
  /** Channel name (config). */
  name: string;
  kind: string;
  /** `delivered_minimal`: the receiver refused the full page (400/413/552) and took the headline + link. */
  outcome: 'delivered' | 'delivered_minimal' | 'dead_letter';
  /** The receiver's refusal status, when there was one. */
  status?: number;
  /** Sends tried for this page (1 when the first one was acknowledged). */
  attempts: number;
  /** Error code and message of a page that was not delivered. */
  error?: string;
  /** When the outcome was known (ISO). */
  sentAt: string;
}

/** Records alert events (the `vigie-alerts` index; owned by the index layer, injected). */
export interface AlertRecorder {
  record(alert: Alert): Promise<void>;
  /** Adds one channel's outcome to the alert's record (replacing an earlier one of that channel). */
  recordOutcome?(alertId: string, outcome: ChannelOutcome): Promise<void>;
}

/** What the response desk says about one mention: the community manager handled it, or snoozed it until then. */
export interface DeskVerdict {
  handled?: boolean;
  /** Epoch ms. */
  snoozedUntil?: number;
}

/**
 * Reads the desk state of waiting mentions (the desk's index; injected by `cli/`, as the
 * recorder is: the alerts layer imports no other stage). Ids absent from the answer have no
 * state on the desk.
 */
export interface DeskLookup {
  verdicts(ids: readonly string[], signal: AbortSignal): Promise<ReadonlyMap<string, DeskVerdict>>;
}

/** A rule about mentions waiting for an answer: the worker asks the desk about the due ones before evaluating. */
export interface DeskAware {
  /** A desk is consulted: a due wait pages only once the desk was asked about it (or could not answer). */
  useDesk(): void;
  /** Ids of waits due by `nowMs` the desk was not asked about lately. */
  deskCandidates(nowMs: number): string[];
  /** The desk's verdicts on `asked` (those absent have no desk state). */
  settle(asked: readonly string[], verdicts: ReadonlyMap<string, DeskVerdict>): void;
}

/** Whether a rule implements DeskAware. */
export function isDeskAware<T extends object>(r: T): r is T & DeskAware {
  return typeof (r as Partial<DeskAware>).deskCandidates === 'function' && typeof (r as Partial<DeskAware>).settle === 'function';
}
