import type { Client } from '@elastic/elasticsearch';
import type { EnrichedMention } from '../../core/mention.ts';
import { VigieError, isVigieError } from '../../core/errors.ts';
import { retry } from '../../core/retry.ts';
import { toIndexError } from '../elasticsearch/errors.ts';
import { indexNames, monthlyIndex, monthOfIndex } from '../elasticsearch/names.ts';
import { answerOf, firstAnswer, isEarlier, responseFor, type Answer, type Response } from '../../core/answer.ts';

interface Parent {
  publishedAt: string;
  source: { kind: string };
  response?: Response;
}

interface Update {
  index: string;
  id: string;
  response: Response;
  seqNo: number;
  primaryTerm: number;
}

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
    // A write that lost a race (409: someone wrote in between) is read and decided again.
    const opts = { retries: 8, baseMs: 50, isRetriable: (e: unknown) => isVigieError(e) && e.retriable, ...(signal ? { signal } : {}) };
    if (answers.length) await retry(() => this.recordAnswers(answers), opts);
    let attached = 0;
    if (answers.length) attached += await retry(async () => this.attach(await this.parentsOf(answers)), opts);
    attached += await retry(async () => this.attach(await this.recordedFor(stored)), opts);
    return { answers: answers.length, attached };
  }

  /**
   * Keeps the earliest answer per mention in the responses index. The core-only distribution
   * has no scripting, so this is compare-and-set: read (realtime), decide, write only if the
   * document did not change since (`if_seq_no`), else the caller reads and decides again.
   */
  private async recordAnswers(answers: readonly Answer[]): Promise<void> {
    const res = await this.client.mget<Answer>({ index: this.names.responses, ids: answers.map((a) => a.parentId) }).catch((e) => {
      throw toIndexError(e, 'GET recorded answers');
    });
    const operations: unknown[] = [];
    res.docs.forEach((d, i) => {
      const a = answers[i]!;
      const found = 'found' in d && d.found && d._source;
      if (!found) operations.push({ create: { _index: this.names.responses, _id: a.parentId } }, a);
      else if (isEarlier(a, d._source)) operations.push({ index: { _index: this.names.responses, _id: a.parentId, if_seq_no: d._seq_no, if_primary_term: d._primary_term } }, a);
    });
    if (operations.length) await this.bulk(operations, 'record answers');
  }

  /** The stored parents of these answers (any monthly index up to the answer's month). */
  private async parentsOf(answers: readonly Answer[]): Promise<Update[]> {
    const indices = await this.monthlyIndices();
    const docs = answers.flatMap((a) => {
      const latest = Date.parse(a.answeredAt);
      return indices.filter((i) => (monthOfIndex(this.prefix, i)?.start ?? 0) <= latest).map((i) => ({ _index: i, _id: a.parentId }));
    });
    if (!docs.length) return [];
    const answerOfParent = new Map(answers.map((a) => [a.parentId, a]));
    return this.updatesFor(docs, (p) => answerOfParent.get(p._id));
  }

  /** Reads the parents (realtime, with their sequence numbers) and keeps those the answer improves. */
  private async updatesFor(docs: Array<{ _index: string; _id: string }>, answerOf: (d: { _id: string }) => Answer | undefined): Promise<Update[]> {
    if (!docs.length) return [];
    const res = await this.client.mget<Parent>({ docs, _source_includes: ['publishedAt', 'source.kind', 'response'] }).catch((e) => {
      throw toIndexError(e, 'GET answered mentions');
    });
    const out: Update[] = [];
    for (const d of res.docs) {
      if (!('found' in d) || !d.found || !d._source) continue;
      const a = answerOf(d);
      const r = a && responseFor(d._source, a);
      if (r && isEarlier(r, d._source.response)) out.push({ index: d._index, id: d._id, response: r, seqNo: d._seq_no!, primaryTerm: d._primary_term! });
    }
    return out;
  }

  /** Answers already recorded for mentions of this batch (the reply came first, or the mention was re-delivered). */
  private async recordedFor(stored: readonly EnrichedMention[]): Promise<Update[]> {
    if (!stored.length) return [];
    const res = await this.client.mget<Answer>({ index: this.names.responses, ids: stored.map((m) => m.id) }).catch((e) => {
      throw toIndexError(e, 'GET recorded answers');
    });
    const found = new Map<string, Answer>();
    for (const d of res.docs) if ('found' in d && d.found && d._source) found.set(d._id, d._source);
    const docs = stored.filter((m) => found.has(m.id)).map((m) => ({ _index: monthlyIndex(this.prefix, m.publishedAt), _id: m.id }));
    return this.updatesFor(docs, (d) => found.get(d._id));
  }

  /** Copies each response onto its mention, only if the mention did not change since it was read. */
  private async attach(updates: readonly Update[]): Promise<number> {
    if (!updates.length) return 0;
    const operations = updates.flatMap((u) => [{ update: { _index: u.index, _id: u.id, if_seq_no: u.seqNo, if_primary_term: u.primaryTerm } }, { doc: { response: u.response } }]);
    // A parent deleted in between (`vigie forget`) is not recreated: 404 items are fine.
    await this.bulk(operations, 'attach responses', new Set([404]));
    return updates.length;
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
      // 409 (changed since read), 429, 5xx: read, decide and write again; anything else is a defect.
      throw new VigieError('ERR_INDEX_RESPONSE_UPDATE', `${what}: ${failed.length} item(s) refused, first ${f.status} ${f.error?.type ?? ''}: ${f.error?.reason ?? ''}`, { retriable: f.status === 409 || f.status === 429 || f.status >= 500 });
    }
  }
}
