/**
 * The chaos harness: a whole pipeline (enrich and index processes, optionally an alert worker
 * paging a signed-webhook receiver) fed by a continuous flow of mentions, and the bookkeeping that
 * tells, after each fault, what was produced, what was indexed, which pages arrived and how long
 * the pipeline took to catch up.
 */
import { Client } from '@elastic/elasticsearch';
import { KafkaBus } from '../../../core/bus-kafka.ts';
import type { Alert } from '../../../alerts/contracts.ts';
import { verifySignature } from '../../../notify/signature.ts';
import { freePorts } from '../../../stack/index.ts';
import { deleteByPrefix } from '../../helpers/es-cleanup.ts';
import { startReceiver } from '../../fixtures/alerts/receiver.ts';
import { startFlow, table, type Flow } from './flow.ts';
import { groupsStable } from './groups.ts';
import { asMessages, crisisMentions, indexedCounts, pipelineNames, stageConfig, type PipelineNames } from './pipeline.ts';
import { killAll, startStageProcess, type StageProcess } from './stage-process.ts';

export const WEBHOOK_SECRET = 'chaos-webhook-secret-0123456789';
const CRISIS_BURST = 20;

/** One row of the chaos table. */
export interface ChaosRow {
  scenario: string;
  produced: number;
  indexed: number;
  lost: number;
  duplicates: number;
  pages: number;
  duplicatePages: number;
  missedEpisodes: number;
  faultS: number;
  recoverS: number;
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
  /** Episodes started by `crisis()`, in order, with their burst time. */
  readonly episodes: number[] = [];
  receiverFailing = false;
  receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  private produced = 0;
  private crisisProduced = 0;
  private flow: Flow | undefined;
  private readonly runId: string;
  private ports = new Map<string, number>();

  constructor(private readonly o: HarnessOptions) {
    this.names = pipelineNames(o.prefix);
    this.runId = o.prefix.slice(-8);
    this.es = new Client({ node: o.esUrl, requestTimeout: 30_000 });
    this.bus = new KafkaBus({ brokers: o.brokers, clientId: 'chaos-harness' });
  }

  private config(name: string): Record<string, unknown> {
    const extra: Record<string, unknown> = { index: { flushCount: 500 } };
    if (this.receiver) {
      extra.alerts = {
        evaluateEvery: '5s',
        tickEvery: '1s',
        rules: [{ kind: 'negative_share', name: 'outage', scope: { names: ['AcmeOutage'] }, window: '30s', minCount: 10, share: 0.5, resolveAfter: '5s', cooldown: '10s' }],
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

  /** Publishes a burst of angry mentions: one negative-share episode (opened, then resolved). */
  async crisis(): Promise<void> {
    const ms = crisisMentions(this.runId, this.crisisProduced, CRISIS_BURST);
    for (;;) {
      try {
        await this.bus.publish(this.names.topics.raw, asMessages(ms));
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    this.crisisProduced += ms.length;
    this.episodes.push(Date.now());
  }

  /** Pages received (signature checked), in arrival order. */
  pages(): Alert[] {
    return (this.receiver?.received ?? []).map((r) => {
      // Checked as the receiver would have, at arrival (signatures are only fresh for 5 minutes).
      if (!verifySignature(r.headers['x-vigie-signature'] as string, r.body, [WEBHOOK_SECRET], { nowS: Math.floor(r.at / 1000) })) throw new Error('page with a bad signature');
      return (JSON.parse(r.body) as { alert: Alert }).alert;
    });
  }

  /** Episodes with both an opening and a resolution page, and pages delivered more than once. */
  pageStats(): { pages: number; duplicates: number; complete: number } {
    const p = this.pages();
    const ids = new Set(p.map((a) => a.id));
    const byEpisode = new Map<string, Set<string>>();
    for (const a of p) byEpisode.set(a.episodeId, (byEpisode.get(a.episodeId) ?? new Set()).add(a.type));
    const complete = [...byEpisode.values()].filter((t) => t.has('opened') && t.has('resolved')).length;
    return { pages: p.length, duplicates: p.length - ids.size, complete };
  }

  /** Waits until every episode started so far has its opening and resolution pages. */
  async episodesComplete(timeoutMs: number): Promise<void> {
    await wait(() => this.pageStats().complete >= this.episodes.length, timeoutMs, `${this.episodes.length} episodes opened and resolved`, 1000);
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
    let counts = await indexedCounts(this.es, this.names.alias);
    await wait(async () => (counts = await indexedCounts(this.es, this.names.alias)).docs >= total, 120_000, `${name}: ${total} documents`, 1000).catch(() => undefined);
    const ps = this.pageStats();
    const row: ChaosRow = {
      scenario: name,
      produced: total,
      indexed: counts.docs,
      lost: Math.max(0, total - counts.ids),
      duplicates: counts.docs - counts.ids,
      pages: ps.pages,
      duplicatePages: ps.duplicates,
      missedEpisodes: this.receiver ? this.episodes.length - ps.complete : 0,
      faultS: Math.round((tEnd - t0) / 100) / 10,
      recoverS: Math.round(recoverS * 10) / 10,
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
    return `\n${title}\n${table([
      ['scenario', 'produced (total)', 'indexed', 'lost', 'dup docs', 'pages', 'dup pages', 'missed episodes', 'fault+restart s', 'recovered s'],
      ...this.rows.map((r) => [r.scenario, r.produced, r.indexed, r.lost, r.duplicates, r.pages, r.duplicatePages, r.missedEpisodes, r.faultS, r.recoverS]),
    ])}\n`;
  }

  /** Processes that died without being killed by the harness (a crash is a finding). */
  crashed(): string[] {
    return [...this.procs.values()].filter((p) => p.child.exitCode !== null || (p.child.signalCode !== null && p.child.signalCode !== 'SIGKILL')).map((p) => `${p.name}: ${p.logs.slice(-5).join(' | ')}`);
  }

  async close(): Promise<void> {
    await this.stopFlow().catch(() => undefined);
    await killAll(this.procs.values());
    await this.receiver?.close();
    await this.bus.deleteTopics([...Object.values(this.names.topics)]).catch(() => undefined);
    await this.bus.close();
    await deleteByPrefix(this.es, this.names.prefix).catch(() => undefined);
    await this.es.close();
  }
}
