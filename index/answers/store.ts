import type { Client } from '@elastic/elasticsearch';
import type { EnrichedMention } from '../../core/mention.ts';
import { VigieError } from '../../core/errors.ts';
import { retry } from '../../core/retry.ts';
import { toIndexError } from '../elasticsearch/errors.ts';
import { indexNames, monthlyIndex, monthOfIndex } from '../elasticsearch/names.ts';
import { answerOf, firstAnswer, responseFor, type Answer, type Response } from './answer.ts';

// Both scripts keep the earliest answer (then the smallest reply id): the same total order as
// isEarlier(), so any order and any number of deliveries end on the same stored answer.
const KEEP_EARLIEST_ANSWER = `
  def c = ctx._source;
  if (c.answeredAt != null && (c.answeredAt.compareTo(params.a.answeredAt) < 0 || (c.answeredAt == params.a.answeredAt && c.replyId.compareTo(params.a.replyId) <= 0))) { ctx.op = 'noop'; }
  else { c.putAll(params.a); }`;
const KEEP_EARLIEST_RESPONSE = `
  def c = ctx._source.response;
  if (c != null && (c.answeredAt.compareTo(params.r.answeredAt) < 0 || (c.answeredAt == params.r.answeredAt && c.replyId.compareTo(params.r.replyId) <= 0))) { ctx.op = 'noop'; }
  else { ctx._source.response = params.r; }`;

interface BulkItemResult {
  status: number;
  error?: { type?: string; reason?: string };
}

/**
 * Marks mentions answered in Elasticsearch, after the index stage stored a batch. Answers are
 * written to the responses index (`_id` = the answered mention) and copied onto the answered
 * document as `response` (a partial update). Two paths meet whatever the order:
 * - a reply stored: its answer is recorded, then the parent is looked up (realtime GET) and updated;
 * - a mention stored: the responses index is read (realtime) for its id and any answer is copied on.
 * A reply and its parent handled at the same time by two workers: each writes before it reads,
 * so at least one of them sees the other. Re-delivery re-applies the same earliest answer.
 */
export class AnswerStore {
  private readonly names;
  constructor(
    private readonly client: Client,
    private readonly prefix: string,
  ) {
    this.names = indexNames(prefix);
  }

  /** Records the answers in `stored` and attaches recorded answers to the mentions in `stored`. */
  async afterWrite(stored: readonly EnrichedMention[], signal?: AbortSignal): Promise<{ answers: number; attached: number }> {
    const byParent = new Map<string, Answer[]>();
    for (const m of stored) {
      const a = answerOf(m);
      if (a) byParent.set(a.parentId, [...(byParent.get(a.parentId) ?? []), a]);
    }
    const answers = [...byParent.values()].map((list) => firstAnswer(list)!);
    const opts = { retries: 5, ...(signal ? { signal } : {}) };
    if (answers.length) await retry(() => this.recordAnswers(answers), opts);
    const updates: Array<{ index: string; id: string; response: Response }> = [];
    if (answers.length) updates.push(...(await retry(() => this.parentsOf(answers), opts)));
    updates.push(...(await retry(() => this.recordedFor(stored), opts)));
    if (updates.length) await retry(() => this.attach(updates), opts);
    return { answers: answers.length, attached: updates.length };
  }

  private async recordAnswers(answers: readonly Answer[]): Promise<void> {
    const operations = answers.flatMap((a) => [
      { update: { _index: this.names.responses, _id: a.parentId, retry_on_conflict: 5 } },
      { script: { source: KEEP_EARLIEST_ANSWER, params: { a } }, upsert: a },
    ]);
    await this.bulk(operations, 'record answers');
  }

  /** The stored parents of these answers (any monthly index up to the answer's month). */
  private async parentsOf(answers: readonly Answer[]): Promise<Array<{ index: string; id: string; response: Response }>> {
    const indices = await this.monthlyIndices();
    const docs = answers.flatMap((a) => {
      const latest = Date.parse(a.answeredAt);
      return indices.filter((i) => (monthOfIndex(this.prefix, i)?.start ?? 0) <= latest).map((i) => ({ _index: i, _id: a.parentId }));
    });
    if (!docs.length) return [];
    const res = await this.client.mget<{ publishedAt: string; source: { kind: string } }>({ docs, _source_includes: ['publishedAt', 'source.kind'] }).catch((e) => {
      throw toIndexError(e, 'GET answered mentions');
    });
    const answerOfParent = new Map(answers.map((a) => [a.parentId, a]));
    const out: Array<{ index: string; id: string; response: Response }> = [];
    for (const d of res.docs) {
      if (!('found' in d) || !d.found || !d._source) continue;
      const r = responseFor(d._source, answerOfParent.get(d._id)!);
      if (r) out.push({ index: d._index, id: d._id, response: r });
    }
    return out;
  }

  /** Answers already recorded for mentions of this batch (the reply came first, or the mention was re-delivered). */
  private async recordedFor(stored: readonly EnrichedMention[]): Promise<Array<{ index: string; id: string; response: Response }>> {
    if (!stored.length) return [];
    const res = await this.client.mget<Answer>({ index: this.names.responses, ids: stored.map((m) => m.id) }).catch((e) => {
      throw toIndexError(e, 'GET recorded answers');
    });
    const byId = new Map(stored.map((m) => [m.id, m]));
    const out: Array<{ index: string; id: string; response: Response }> = [];
    for (const d of res.docs) {
      if (!('found' in d) || !d.found || !d._source) continue;
      const m = byId.get(d._id)!;
      const r = responseFor(m, d._source);
      if (r) out.push({ index: monthlyIndex(this.prefix, m.publishedAt), id: m.id, response: r });
    }
    return out;
  }

  private async attach(updates: ReadonlyArray<{ index: string; id: string; response: Response }>): Promise<void> {
    const operations = updates.flatMap((u) => [
      { update: { _index: u.index, _id: u.id, retry_on_conflict: 5 } },
      { script: { source: KEEP_EARLIEST_RESPONSE, params: { r: u.response } } },
    ]);
    // A parent deleted in between (`vigie forget`) is not recreated: 404 items are fine.
    await this.bulk(operations, 'attach responses', new Set([404]));
  }

  private async monthlyIndices(): Promise<string[]> {
    const res = await this.client.indices.getAlias({ name: this.names.mentionsAlias }).catch((e) => {
      throw toIndexError(e, 'GET mentions alias');
    });
    return Object.keys(res).sort();
  }

  private async bulk(operations: unknown[], what: string, accepted: ReadonlySet<number> = new Set()): Promise<void> {
    const res = await this.client.bulk({ operations, refresh: false } as never).catch((e: unknown) => {
      throw toIndexError(e, what);
    });
    const failed = (res.items as Array<Record<string, BulkItemResult>>).map((i) => Object.values(i)[0]!).filter((i) => i.error && !accepted.has(i.status));
    if (failed.length) {
      const f = failed[0]!;
      // 429/5xx per item: retried by the caller; anything else is a defect in the stored data.
      throw new VigieError('ERR_INDEX_RESPONSE_UPDATE', `${what}: ${failed.length} item(s) refused, first ${f.status} ${f.error?.type ?? ''}`, { retriable: f.status === 429 || f.status >= 500 });
    }
  }
}
