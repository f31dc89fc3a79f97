/**
 * The chaos harness: a whole pipeline (enrich and index processes, optionally an alert worker
 * paging a signed-webhook receiver) fed by a continuous flow of mentions, and the bookkeeping that
 * tells, after each fault, what was produced, what was indexed, which pages arrived and how long
 * the pipeline took to catch up.
 */
import { loadavg } from 'node:os';
import { Client } from '@elastic/elasticsearch';
import { KafkaBus } from '../../../core/bus-kafka.ts';
import type { Alert } from '../../../alerts/contracts.ts';
import { verifySignature } from '../../../notify/signature.ts';
import { freePorts } from '../../../stack/index.ts';
import { deleteByPrefix } from '../../helpers/es-cleanup.ts';
import { startReceiver } from '../../fixtures/alerts/receiver.ts';
import { startFlow, table, type Flow } from './flow.ts';
import { groupsStable } from './groups.ts';
import { describeReceipt, judgePages, type Crisis, type Receipt } from './incident-pages.ts';
import { asMessages, crisisMentions, indexedCounts, pipelineNames, stageConfig, WATCH, type PipelineNames } from './pipeline.ts';
import { killAll, startStageProcess, type StageProcess } from './stage-process.ts';

export const WEBHOOK_SECRET = 'chaos-webhook-secret-0123456789';
const CRISIS_BURST = 20;
/**
 * Each crisis gets a watch entry of its own (`Outage<n>`, `#acmepanne<n>`), hence an incident of
 * its own: a scenario's crisis never lands in the previous scenario's incident or cooldown.
 */
const CRISIS_ENTRIES = 12;
const crisisEntry = (n: number) => ({ name: `Outage${n}`, role: 'brand', query: `#acmepanne${n}` });

/** One row of the chaos table. */
export interface ChaosRow {
  scenario: string;
  produced: number;
  indexed: number;
  lost: number;
  duplicates: number;
  /** Events the webhook receiver got during the scenario (openings, updates, escalations, resolutions). */
  events: number;
  /** Of them, the ones that page (openings and escalations). */
  pages: number;
  /** Incidents of the scenario's crises. */
  incidents: number;
  duplicatePages: number;
  missedIncidents: number;
  /** What is wrong with the scenario's pages, in words (empty when clean). */
  pageProblems: string[];
  faultS: number;
  recoverS: number;
  /** From the start of the flow to the verdict. */
  durationS: number;
}

export interface HarnessOptions {
  brokers: string[];
  esUrl: string;
  prefix: string;
  partitions?: number;
  enrichWorkers?: number;
  /** Start an alert worker and a webhook receiver. */
  alerts?: boolean;
  /** Mentions per second of the background flow. */
  ratePerSec?: number;
}

const wait = async (pred: () => boolean | Promise<boolean>, timeoutMs: number, what: string, everyMs = 500) => {
  const end = Date.now() + timeoutMs;
  while (!(await Promise.resolve().then(pred).catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
};

export class ChaosHarness {
  readonly names: PipelineNames;
  readonly es: Client;
  readonly bus: KafkaBus;
  readonly procs = new Map<string, StageProcess>();
  readonly rows: ChaosRow[] = [];
  /** Crises started by `crisis()`, in order, with the scenario they belong to. */
  readonly crises: Array<Crisis & { scenario: string }> = [];
  receiverFailing = false;
  receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  private produced = 0;
  private crisisProduced = 0;
  private flow: Flow | undefined;
  private readonly runId: string;
  private ports = new Map<string, number>();
  private current = { name: '', start: 0 };
  /** Receipts up to this time were judged by an earlier scenario; later ones belong to the next. */
  private judgedUntil = 0;
  private readonly startedAt = Date.now();
  /** 1-minute load average every 10 s: the machine is shared, and the figures depend on it. */
  private readonly loads = [loadavg()[0]!];
  private readonly loadTimer = setInterval(() => this.loads.push(loadavg()[0]!), 10_000).unref();

  constructor(private readonly o: HarnessOptions) {
    this.names = pipelineNames(o.prefix);
    this.runId = o.prefix.slice(-8);
    this.es = new Client({ node: o.esUrl, requestTimeout: 60_000 });
    this.bus = new KafkaBus({ brokers: o.brokers, clientId: 'chaos-harness' });
  }

  private config(name: string): Record<string, unknown> {
    const extra: Record<string, unknown> = { index: { flushCount: 500 } };
    if (this.receiver) {
      const entries = Array.from({ length: CRISIS_ENTRIES }, (_, i) => crisisEntry(i + 1));
      extra.watch = [...WATCH, ...entries];
      extra.alerts = {
        evaluateEvery: '5s',
        tickEvery: '1s',
        // The Outage<n> entries are sub-entries of Acme (one company): a crisis mention names both,
        // so the rule counts co-mentions (`shared: include`; the default leaves out a mention that
        // names another watched organisation, for competitors' crises).
        rules: [{ kind: 'negative_share', name: 'outage', scope: { names: entries.map((e) => e.name) }, shared: 'include', window: '30s', minCount: 10, share: 0.5, resolveAfter: '5s', cooldown: '10s' }],
        channels: [{ kind: 'webhook', name: 'oncall', url: `${this.receiver.url}/hook`, secrets: [WEBHOOK_SECRET] }],
      };
    }
    return stageConfig({ brokers: this.o.brokers, esUrl: this.o.esUrl, names: this.names, partitions: this.o.partitions ?? 4, metricsPort: this.ports.get(name), extra });
  }

  /** Starts (or restarts) one process by name: `index`, `enrich-<n>`, `alerts`. */
  async start(name: string): Promise<StageProcess> {
    if (!this.ports.has(name)) this.ports.set(name, (await freePorts(1))[0]!);
    const stage = name.split('-')[0]!;
    const p =
      stage === 'alerts'
        ? await startStageProcess({ args: ['alerts', 'run'], config: { ...this.config(name), metrics: { enabled: false } }, name, readyWhen: { log: 'alert state loaded' }, readyTimeoutMs: 120_000 })
        : await startStageProcess({ args: [stage], config: this.config(name), name, readyTimeoutMs: 120_000 });
    this.procs.set(name, p);
    return p;
  }

  /** Consumer groups stable with their expected members (before faults are injected). */
  async settled(timeoutMs = 120_000): Promise<void> {
    const g = (s: string) => `${this.names.prefix}.${s}`;
    await wait(async () => (await groupsStable(this.o.brokers, [g('enrich')], this.o.enrichWorkers ?? 2)) && (await groupsStable(this.o.brokers, [g('index')], 1)), timeoutMs, 'stage groups stable');
    if (this.receiver) await wait(() => groupsStable(this.o.brokers, [g('alerts')], 1), timeoutMs, 'alert group stable');
  }

  async startAll(): Promise<void> {
    if (this.o.alerts) {
      this.receiver = await startReceiver(() => (this.receiverFailing ? 503 : 200));
    }
    await this.start('index');
    for (let i = 1; i <= (this.o.enrichWorkers ?? 2); i++) await this.start(`enrich-${i}`);
    if (this.o.alerts) await this.start('alerts');
    await this.settled();
  }

  startFlow(): void {
    this.flow = startFlow({ bus: this.bus, topic: this.names.topics.raw, runId: this.runId, ratePerSec: this.o.ratePerSec ?? 50, first: this.produced });
  }

  async stopFlow(): Promise<void> {
    if (!this.flow) return;
    const f = this.flow;
    this.flow = undefined;
    await f.stop();
    this.produced += f.produced;
  }

  /** Mentions produced so far (acknowledged by the broker), flow and crisis bursts. */
  get total(): number {
    return this.produced + (this.flow?.produced ?? 0) + this.crisisProduced;
  }

  /**
   * Publishes a burst of angry mentions on the next crisis entry: one negative-share incident
   * (opened, then resolved about 35 s later), alone on its scope.
   */
  async crisis(): Promise<Crisis> {
    const n = this.crises.length + 1;
    if (n > CRISIS_ENTRIES) throw new Error(`more than ${CRISIS_ENTRIES} crises: add watch entries`);
    const ms = crisisMentions(this.runId, this.crisisProduced, CRISIS_BURST, `acmepanne${n}`);
    const end = Date.now() + 120_000;
    for (;;) {
      try {
        await this.bus.publish(this.names.topics.raw, asMessages(ms));
        break;
      } catch (e) {
        if (Date.now() > end) throw new Error(`crisis ${n} not published within 120 s: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    this.crisisProduced += ms.length;
    const c = { scope: `entry:${crisisEntry(n).name}`, at: Date.now(), scenario: this.current.name };
    this.crises.push(c);
    return c;
  }

  /** Events the receiver acknowledged, in arrival order, each signature checked as the receiver would have at arrival. */
  receipts(): Receipt[] {
    return (this.receiver?.received ?? []).map((r) => {
      // Signatures are only fresh for 5 minutes: checked at the arrival time.
      if (!verifySignature(r.headers['x-vigie-signature'] as string, r.body, [WEBHOOK_SECRET], { nowS: Math.floor(r.at / 1000) })) throw new Error('page with a bad signature');
      return { at: r.at, alert: (JSON.parse(r.body) as { alert: Alert }).alert };
    });
  }

  /** The first event received for a crisis (its opening, if the pipeline is right). */
  async firstEvent(c: Crisis, timeoutMs: number): Promise<Receipt> {
    let first: Receipt | undefined;
    await wait(() => (first = this.receipts().find((r) => r.alert.scope === c.scope)) !== undefined, timeoutMs, `a page for the crisis on ${c.scope}`, 250);
    return first!;
  }

  /** Every event of the alerts topic handled by the webhook channel (delivered and recorded in its delivery record, offset committed). */
  async outboxDrained(timeoutMs: number): Promise<void> {
    const group = `${this.names.prefix}.alerts.deliver.oncall`;
    await wait(async () => (await this.bus.lag(group, this.names.topics.alerts)) === 0, timeoutMs, 'the webhook channel to handle every alert event', 500);
  }

  /** Waits until every crisis of the running scenario has its incident opened and resolved, and the outbox is drained. */
  async incidentsComplete(timeoutMs: number): Promise<void> {
    const mine = this.crises.filter((c) => c.scenario === this.current.name);
    const done = () => judgePages(this.receipts().filter((r) => mine.some((c) => c.scope === r.alert.scope)), mine).missedIncidents === 0;
    await wait(done, timeoutMs, `${mine.length} incident(s) opened and resolved (${mine.map((c) => c.scope).join(', ')})`, 500);
    await this.outboxDrained(timeoutMs);
  }

  /** Flow mentions produced before `t` that are searchable. */
  private async searchableBefore(t: number): Promise<number> {
    await this.es.indices.refresh({ index: this.names.alias, ignore_unavailable: true });
    return (await this.es.count({ index: this.names.alias, query: { bool: { filter: [{ range: { fetchedAt: { lte: new Date(t).toISOString() } } }], must_not: [{ term: { 'source.name': 'crisis-feed' } }] } } })).count;
  }

  /**
   * Runs one scenario with the flow on: steady state, the fault (`inject` resolves when the fault
   * is over, e.g. the process restarted), then catch-up (every mention produced before the end of
   * the fault searchable), then a pause of the flow to count exactly: produced vs indexed.
   */
  async scenario(name: string, inject: (h: ChaosHarness) => Promise<void>, opts: { drainTimeoutMs?: number } = {}): Promise<ChaosRow> {
    if (this.rows.some((r) => r.scenario === name)) throw new Error(`scenario name ${name} used twice`);
    this.current = { name, start: Date.now() };
    this.startFlow();
    const steady = this.total + (this.o.ratePerSec ?? 50) * 5;
    await wait(() => this.total >= steady, 60_000, 'steady flow');
    const t0 = Date.now();
    await inject(this);
    const tEnd = Date.now();
    const flowBefore = this.produced + (this.flow?.produced ?? 0);
    await wait(async () => (await this.searchableBefore(tEnd)) >= flowBefore, opts.drainTimeoutMs ?? 300_000, `${name}: catch-up`, 1000);
    const recoverS = (Date.now() - t0) / 1000;
    await this.stopFlow();
    const total = this.total;
    // A count may time out on a loaded machine (Elasticsearch just restarted): tried again
    // within the bound; the last answer (or the last error) makes the verdict.
    let counts: { docs: number; ids: number } | undefined;
    await wait(async () => (counts = await indexedCounts(this.es, this.names.alias)).docs >= total, 180_000, `${name}: ${total} documents`, 1000).catch(() => undefined);
    counts ??= await indexedCounts(this.es, this.names.alias);
    const problems: string[] = [];
    // Whatever the engine produced must have reached the receiver before the verdict.
    if (this.receiver) await this.outboxDrained(120_000).catch((e: unknown) => problems.push((e as Error).message));
    const verdictAt = Date.now();
    const ps = judgePages(this.receipts().filter((r) => r.at > this.judgedUntil && r.at <= verdictAt), this.crises.filter((c) => c.scenario === name));
    this.judgedUntil = verdictAt;
    const row: ChaosRow = {
      scenario: name,
      produced: total,
      indexed: counts.docs,
      lost: Math.max(0, total - counts.ids),
      duplicates: counts.docs - counts.ids,
      events: ps.events,
      pages: ps.pages,
      incidents: ps.incidents,
      duplicatePages: ps.duplicatePages,
      missedIncidents: ps.missedIncidents,
      pageProblems: [...problems, ...ps.problems],
      faultS: Math.round((tEnd - t0) / 100) / 10,
      recoverS: Math.round(recoverS * 10) / 10,
      durationS: Math.round((Date.now() - this.current.start) / 100) / 10,
    };
    this.rows.push(row);
    return row;
  }

  /** kill -9 of a process, then a restart as a supervisor would do it. */
  async killAndRestart(name: string): Promise<void> {
    await this.procs.get(name)!.kill9();
    await this.start(name);
  }

  render(title: string): string {
    const mean = this.loads.reduce((a, b) => a + b, 0) / this.loads.length;
    // Page columns only when an alert worker runs.
    const pages = (a: Array<string | number>) => (this.receiver ? a : []);
    return `\n${title}\nstarted ${new Date(this.startedAt).toISOString()}, ${Math.round((Date.now() - this.startedAt) / 1000)} s, load average (1 min) mean ${mean.toFixed(1)}, max ${Math.max(...this.loads).toFixed(1)}\n${table([
      ['scenario', 'produced (total)', 'indexed', 'lost', 'dup docs', ...pages(['incidents', 'pages', 'events', 'dup pages', 'missed incidents']), 'fault+restart s', 'recovered s', 'duration s'],
      ...this.rows.map((r) => [r.scenario, r.produced, r.indexed, r.lost, r.duplicates, ...pages([r.incidents, r.pages, r.events, r.duplicatePages, r.missedIncidents]), r.faultS, r.recoverS, r.durationS]),
    ])}\n${this.receiver ? `\nevents received (arrival, type, event id, scope, severity):\n${this.receipts().map((r) => `  ${describeReceipt(r)}`).join('\n')}\n` : ''}`;
  }

  /** Processes that died without being killed by the harness (a crash is a finding). */
  crashed(): string[] {
    return [...this.procs.values()].filter((p) => p.child.exitCode !== null || (p.child.signalCode !== null && p.child.signalCode !== 'SIGKILL')).map((p) => `${p.name}: ${p.logs.slice(-5).join(' | ')}`);
  }

  async close(): Promise<void> {
    clearInterval(this.loadTimer);
    await this.stopFlow().catch(() => undefined);
    await killAll(this.procs.values());
    await this.receiver?.close();
    await this.bus.deleteTopics([...Object.values(this.names.topics)]).catch(() => undefined);
    await this.bus.close();
    await deleteByPrefix(this.es, this.names.prefix).catch(() => undefined);
    await this.es.close();
  }
}
