import { z } from 'zod';
import type { ComponentDef, Enricher } from '../../core/contracts.ts';
import type { Enrichment, RawMention, ReplyReason } from '../../core/mention.ts';
import { accountKey, indexOwned, ownerOf, type OwnedAccounts, type OwnedIndex } from '../../core/owned.ts';
import { questionOrComplaint } from './detect.ts';

export const replyConfigSchema = z
  .object({
    brands: z.array(z.object({ name: z.string(), owned: z.custom<OwnedAccounts>().optional() })).default([]).describe('Brand watch entries and their owned accounts.'),
    rememberPosts: z.number().int().min(1).max(10_000_000).default(100_000).describe('Ids of posts by owned accounts kept to recognise replies to them (oldest forgotten first).'),
  })
  .strict();
export type ReplyConfig = z.infer<typeof replyConfigSchema>;

/** The reply enricher, plus what the pipeline asks it before the watch drop. */
export interface ReplyEnricher extends Enricher<'reply'> {
  /**
   * The brand a mention belongs to although no query may match it: written by one of its owned
   * accounts (`own`), or a reply to or comment on one of their posts.
   */
  brandOf(m: Readonly<RawMention>): { brand: string; own: boolean } | undefined;
}

/** Ids of posts by owned accounts, insertion-ordered so the oldest is forgotten first. */
class RecentPosts {
  private readonly ids = new Map<string, string>();
  constructor(private readonly max: number) {}
  add(id: string, brand: string): void {
    this.ids.delete(id);
    this.ids.set(id, brand);
    if (this.ids.size > this.max) this.ids.delete(this.ids.keys().next().value!);
  }
  get(id: string | undefined): string | undefined {
    return id === undefined ? undefined : this.ids.get(id);
  }
}

function handlesOf(owned: OwnedIndex): Map<string, string> {
  // Handles as they are written in text (`@acme`, `@acme@mastodon.social`): the part before a second `@`.
  const out = new Map<string, string>();
  for (const accounts of owned.values()) for (const [k, brand] of accounts) out.set(k.split('@')[0]!, brand);
  return out;
}

/**
 * The `reply` enricher: whether the brand owes this mention an answer. Runs last, seeing
 * sentiment, matches, entities and duplicateOf. A mention waits when it concerns a brand, is not
 * by one of the brand's accounts, is not a near-duplicate (the first copy waits), and is
 * addressed to the brand (its handle, a reply to or comment on its post) or asks or complains.
 * Stateful per worker like dedup: the posts of owned accounts it has seen, so that a reply to
 * one counts as addressed even without naming the brand.
 */
export const reply: ComponentDef<ReplyConfig, ReplyEnricher> = {
  kind: 'reply',
  summary: 'Needs a reply? Addressed to the brand, or a question or complaint (FR/EN), not by the brand, not a duplicate',
  config: replyConfigSchema,
  create(cfg) {
    const owned = indexOwned(cfg.brands);
    const handles = handlesOf(owned);
    const posts = new RecentPosts(cfg.rememberPosts);
    const repliedTo = (m: Readonly<RawMention>): string | undefined => posts.get(m.parentId) ?? posts.get(m.threadId);
    return {
      field: 'reply',
      brandOf(m) {
        const own = ownerOf(m, owned);
        if (own !== undefined) return { brand: own, own: true };
        const brand = repliedTo(m);
        return brand === undefined ? undefined : { brand, own: false };
      },
      enrich(m, done): Enrichment['reply'] {
        const owner = ownerOf(m, owned);
        if (owner !== undefined) {
          posts.add(m.id, owner);
          return { needed: false, reasons: [], owner };
        }
        const reasons: ReplyReason[] = [];
        const handle = done.entities?.handles.some((h) => handles.has(accountKey(h)));
        if (handle || repliedTo(m) !== undefined) reasons.push('addressed');
        const concerned = reasons.length > 0 || (done.matches ?? []).some((x) => x.role === 'brand');
        if (concerned) reasons.push(...questionOrComplaint(m.title ? `${m.title}\n${m.text}` : m.text, done.sentiment?.score ?? 0));
        return { needed: concerned && reasons.length > 0 && done.duplicateOf === undefined, reasons };
      },
    };
  },
};
