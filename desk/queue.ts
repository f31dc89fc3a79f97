import type { Client } from '@elastic/elasticsearch';
import { VigieError } from '../core/errors.ts';
import { indexNames, readDeskStates, toIndexError, type DeskState } from '../index/read.ts';
import { answerTracked, type TrackedPlatforms } from '../core/owned.ts';
import { priorityOf } from '../core/priority.ts';

/** One waiting mention as the desk shows it. */
export interface DeskItem {
  id: string;
  platform: string;
  text: string;
  title?: string;
  author: string;
  authorUrl?: string;
  /** Where to answer it: the mention's own page on the platform. */
  url?: string;
  publishedAt: string;
  waitingSeconds: number;
  priority: number;
  reasons: string[];
  sentiment: string;
  brand: string[];
  assignee?: string;
}

/** `answerTracked` as an Elasticsearch filter: a brand it names owns an account on its platform; undefined when no brand owns any. */
export function trackedQuery(tracked: TrackedPlatforms): object | undefined {
  const should = [...tracked].map(([brand, platforms]) => ({ bool: { filter: [{ term: { brand } }, { terms: { 'source.kind': [...platforms] } }] } }));
  return should.length ? { bool: { should, minimum_should_match: 1 } } : undefined;
}

/** What the community manager did with a mention (the desk index). */
export type { DeskState };

export type DeskAction = { action: 'handled' } | { action: 'snooze'; minutes: number } | { action: 'assign'; assignee: string } | { action: 'reopen' };

interface Stored {
  id: string;
  source: { kind: string };
  text: string;
  title?: string;
  url?: string;
  publishedAt: string;
  author?: { handle?: string; name?: string; id?: string; url?: string };
  sentiment: { score: number; label: string };
  influence?: { score: number; reach: number };
  reply?: { reasons: string[] };
  brand?: string[];
}

/**
 * The desk's two lists. `items`: waiting on a platform where a brand it names has an owned
 * account, so an answer there takes it off by itself. `untracked`: needing a reply on a platform
 * where none of its brands has an owned account (a news feed, a forum read as RSS...): no answer
 * can ever be seen there, so they are shown apart, leave only when marked handled, and count
 * neither in the response rate nor for the `unanswered` rule.
 */
export interface DeskQueue {
  items: DeskItem[];
  untracked: DeskItem[];
}

export interface QueueOptions {
  now: number;
  /** Oldest mention still shown (default 7 days). */
  maxAgeMs?: number;
  limit?: number;
  /** Include handled and snoozed ones (for scripts that want everything). */
  all?: boolean;
}

/**
 * The response desk over Elasticsearch: the queue is every mention that needs a reply, has no
 * `response` (no owned account answered it) and is not handled or snoozed on the desk, by
 * priority, split by whether an answer could be seen (see DeskQueue). Desk state lives in its own index (`<prefix>-desk`), so it survives restarts and
 * every desk process and `vigie desk list` see the same.
 */
export class Desk {
  private readonly n;
  /** `tracked`: the platforms where each brand has owned accounts (`trackedPlatforms(config.watch)`). */
  constructor(
    private readonly client: Client,
    prefix: string,
    private readonly tracked: TrackedPlatforms,
  ) {
    this.n = indexNames(prefix);
  }

  async queue(o: QueueOptions): Promise<DeskQueue> {
    const since = new Date(o.now - (o.maxAgeMs ?? 7 * 86_400_000)).toISOString();
    const base = { filter: [{ term: { 'reply.needed': true } }, { range: { publishedAt: { gte: since } } }], must_not: [{ exists: { field: 'response.answeredAt' } }] };
    // Two searches, so a flood of untracked mentions (a busy news feed) cannot push the tracked
    // ones out of the page size. `tracked` is answerTracked written as a query.
    const tracked = trackedQuery(this.tracked);
    const search = (query: object) =>
      this.client
        .search<Stored>({
          index: this.n.mentionsAlias,
          size: 1000,
          ignore_unavailable: true,
          allow_no_indices: true,
          query,
          sort: [{ publishedAt: 'desc' }],
          _source: ['id', 'source.kind', 'text', 'title', 'url', 'publishedAt', 'author', 'sentiment', 'influence', 'reply', 'brand'],
        })
        .then((r) => r.hits.hits.map((h) => h._source!).filter(Boolean))
        .catch((e) => {
          throw toIndexError(e, 'search the desk queue');
        });
    const [on, off] = await Promise.all([
      tracked ? search({ bool: { ...base, filter: [...base.filter, tracked] } }) : Promise.resolve([]),
      search({ bool: { ...base, must_not: [...base.must_not, ...(tracked ? [tracked] : [])] } }),
    ]);
    const hits = [...on, ...off];
    const states = await readDeskStates(this.client, this.n.desk, hits.map((h) => h.id));
    const items: DeskItem[] = [];
    const untracked: DeskItem[] = [];
    for (const m of hits) {
      const s = states.get(m.id);
      const hidden = s?.state === 'handled' || (s?.state === 'snoozed' && typeof s.snoozedUntil === 'string' && Date.parse(s.snoozedUntil) > o.now);
      if (hidden && !o.all) continue;
      const a = m.author ?? {};
      (answerTracked(m.source.kind, m.brand ?? [], this.tracked) ? items : untracked).push({
        id: m.id,
        platform: m.source.kind,
        text: m.text,
        ...(m.title ? { title: m.title } : {}),
        author: a.handle ?? a.name ?? a.id ?? '?',
        ...(a.url ? { authorUrl: a.url } : {}),
        ...(m.url ? { url: m.url } : {}),
        publishedAt: m.publishedAt,
        waitingSeconds: Math.max(0, Math.round((o.now - Date.parse(m.publishedAt)) / 1000)),
        priority: priorityOf(m, o.now),
        reasons: m.reply?.reasons ?? [],
        sentiment: m.sentiment.label,
        brand: m.brand ?? [],
        ...(s?.assignee ? { assignee: s.assignee } : {}),
      });
    }
    const ranked = (list: DeskItem[]) => list.sort((x, y) => y.priority - x.priority || x.publishedAt.localeCompare(y.publishedAt)).slice(0, o.limit ?? 200);
    return { items: ranked(items), untracked: ranked(untracked) };
  }

  /**
   * What the desk says about these mentions, for the `unanswered` alert rule: handled, or
   * snoozed until a time still to come (ids without either are absent).
   */
  async verdicts(ids: readonly string[], now: number, signal?: AbortSignal): Promise<Map<string, { handled?: boolean; snoozedUntil?: number }>> {
    const out = new Map<string, { handled?: boolean; snoozedUntil?: number }>();
    for (const [id, s] of await readDeskStates(this.client, this.n.desk, ids, signal)) {
      const until = s.snoozedUntil ? Date.parse(s.snoozedUntil) : NaN;
      if (s.state === 'handled') out.set(id, { handled: true });
      else if (s.state === 'snoozed' && until > now) out.set(id, { snoozedUntil: until });
    }
    return out;
  }

  /** Records what the community manager did; visible to every desk at once (refresh wait_for). */
  async act(mentionId: string, a: DeskAction, now: number, by?: string): Promise<DeskState> {
    if (!mentionId || mentionId.length > 512) throw new VigieError('ERR_USAGE', 'a mention id is required (at most 512 characters)');
    const doc: Partial<DeskState> & { mentionId: string; updatedAt: string } = { mentionId, updatedAt: new Date(now).toISOString(), ...(by ? { by } : {}) };
    if (a.action === 'handled') Object.assign(doc, { state: 'handled', snoozedUntil: null });
    else if (a.action === 'snooze') {
      if (!Number.isFinite(a.minutes) || a.minutes <= 0 || a.minutes > 30 * 24 * 60) throw new VigieError('ERR_USAGE', `snooze minutes must be between 1 and 43200, got ${a.minutes}`);
      Object.assign(doc, { state: 'snoozed', snoozedUntil: new Date(now + a.minutes * 60_000).toISOString() });
    } else if (a.action === 'assign') {
      const who = a.assignee.trim();
      if (!who || who.length > 100) throw new VigieError('ERR_USAGE', 'assignee must be 1 to 100 characters');
      doc.assignee = who;
    } else Object.assign(doc, { state: null, snoozedUntil: null });
    await this.client.update({ index: this.n.desk, id: mentionId, doc, doc_as_upsert: true, refresh: 'wait_for', retry_on_conflict: 5 }).catch((e) => {
      throw toIndexError(e, 'update the desk state');
    });
    return doc as DeskState;
  }
}
