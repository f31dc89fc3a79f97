import { describe, expect, it } from 'vitest';
import type { EnrichedMention } from './mention.ts';
import { answerOf, firstAnswer, isEarlier, responseFor, type Answer } from './answer.ts';

const base = { schemaVersion: 1 as const, lang: { code: 'fr', confidence: 1 }, sentiment: { score: 0, label: 'neutral' as const, method: 't' }, matches: [], enrichedAt: '2026-03-01T10:00:00Z' };
const mention = (over: Partial<EnrichedMention>): EnrichedMention => ({ id: 'x:1', source: { kind: 'x' }, publishedAt: '2026-03-01T09:00:00Z', text: 't', ...base, ...over });
const parent = mention({ id: 'x:10', publishedAt: '2026-03-01T09:00:00Z' });
const reply = (id: string, at: string, over: Partial<EnrichedMention> = {}) =>
  mention({ id, publishedAt: at, parentId: 'x:10', author: { id: '111', handle: 'voltix' }, reply: { needed: false, reasons: [], owner: 'Voltix' }, ...over });

/** The stored answer after applying answers in this order, as the responses index keeps it. */
function apply(order: readonly Answer[]): Answer | undefined {
  let kept: Answer | undefined;
  for (const a of order) if (isEarlier(a, kept)) kept = a;
  return kept;
}

describe('answer matching', () => {
  it('an owned reply answers its parent with the response time', () => {
    const a = answerOf(reply('x:11', '2026-03-01T09:04:30Z'))!;
    expect(a).toEqual({ parentId: 'x:10', answeredAt: '2026-03-01T09:04:30.000Z', by: 'voltix', replyId: 'x:11', platform: 'x' });
    expect(responseFor(parent, a)).toEqual({ answeredAt: '2026-03-01T09:04:30.000Z', by: 'voltix', replyId: 'x:11', platform: 'x', seconds: 270 });
  });

  it('a reply from an account that is not owned answers nothing', () => {
    expect(answerOf(reply('x:12', '2026-03-01T09:01:00Z', { reply: { needed: true, reasons: ['question'] } }))).toBeUndefined();
    expect(answerOf(reply('x:13', '2026-03-01T09:01:00Z', { reply: undefined }))).toBeUndefined();
    expect(answerOf(mention({ reply: { needed: false, reasons: [], owner: 'Voltix' } }))).toBeUndefined();
  });

  it('across platforms: a reply never answers a mention of another platform', () => {
    const a = answerOf(reply('x:14', '2026-03-01T09:02:00Z', { parentId: 'mastodon:10' }))!;
    expect(responseFor(mention({ id: 'mastodon:10', source: { kind: 'mastodon' } }), a)).toBeUndefined();
  });

  it('order-independent and idempotent: the earliest answer wins, whatever the order and repeats', () => {
    const answers = [reply('x:21', '2026-03-01T09:10:00Z'), reply('x:20', '2026-03-01T09:05:00Z'), reply('x:22', '2026-03-01T09:05:00Z')].map((m) => answerOf(m)!);
    const expected = answers[1];
    const orders = [answers, [...answers].reverse(), [answers[2]!, answers[0]!, answers[1]!], [...answers, ...answers], [answers[1]!, answers[1]!]];
    for (const o of orders) expect(apply(o)).toEqual(expected);
    expect(firstAnswer(answers)).toEqual(expected);
  });

  it('reply before parent: the answer is kept and computed against the parent when it comes', () => {
    const a = answerOf(reply('x:30', '2026-03-01T08:59:00Z'))!;
    // Clocks disagree (the reply looks older than its parent): never a negative response time.
    expect(responseFor(parent, a)!.seconds).toBe(0);
  });
});
