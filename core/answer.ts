import type { EnrichedMention } from './mention.ts';

/** An owned account's reply to a mention, as recorded in the responses index. */
export interface Answer {
  /** Id of the mention answered. */
  parentId: string;
  /** When the reply was published (ISO, normalised by toISOString so strings compare as dates). */
  answeredAt: string;
  /** Who answered: the owned account's handle, else its id, else the brand's name. */
  by: string;
  /** Id of the reply itself: breaks ties between two replies of the same instant. */
  replyId: string;
  /** Platform of the reply (`source.kind`): only a mention of the same platform can be answered by it. */
  platform: string;
}

/** What a mention carries once answered. */
export interface Response extends Omit<Answer, 'parentId'> {
  /** Seconds between the mention's publication and the answer (0 when the clocks disagree). */
  seconds: number;
}

/** The answer a mention gives, when it is an owned account's reply to another mention. */
export function answerOf(m: Readonly<EnrichedMention>): Answer | undefined {
  const owner = m.reply?.owner;
  if (owner === undefined || m.parentId === undefined || m.parentId === m.id) return undefined;
  return {
    parentId: m.parentId,
    answeredAt: new Date(m.publishedAt).toISOString(),
    by: m.author?.handle ?? m.author?.id ?? owner,
    replyId: m.id,
    platform: m.source.kind,
  };
}

/**
 * Whether `a` should replace `b` as the mention's answer: the earliest wins, then the smaller
 * reply id. A total order, so applying answers in any order, any number of times, ends on the
 * same one (order-independent and idempotent).
 */
export function isEarlier(a: Pick<Answer, 'answeredAt' | 'replyId'>, b: Pick<Answer, 'answeredAt' | 'replyId'> | undefined): boolean {
  if (!b) return true;
  return a.answeredAt < b.answeredAt || (a.answeredAt === b.answeredAt && a.replyId < b.replyId);
}

/** Folds answers to one mention into the one kept. */
export function firstAnswer(answers: readonly Answer[]): Answer | undefined {
  let best: Answer | undefined;
  for (const a of answers) if (isEarlier(a, best)) best = a;
  return best;
}

/**
 * The response a parent carries for an answer, or undefined when the answer cannot be to it:
 * another platform (ids of different platforms never answer each other).
 */
export function responseFor(parent: { publishedAt: string; source: { kind: string } }, a: Answer): Response | undefined {
  if (parent.source.kind !== a.platform) return undefined;
  const seconds = Math.max(0, Math.round((Date.parse(a.answeredAt) - Date.parse(parent.publishedAt)) / 1000));
  return { answeredAt: a.answeredAt, by: a.by, replyId: a.replyId, platform: a.platform, seconds };
}
