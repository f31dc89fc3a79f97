import type { Connector, PollResult } from '../../../core/contracts.ts';
import { accountKey, ownedPlatforms, type OwnedAccounts, type OwnedPlatform } from '../../../core/owned.ts';
import type { ValidatedSource } from '../source-common.ts';

/**
 * A connector that can also read what the brand's own accounts post on its platform (their
 * replies and comments), so an answer is seen even when it does not name the brand. Each account
 * is read from its own cursor, saved by the runner after the broker's acknowledgement like any
 * other; the calls go through the source's host queue, spacing and retry helper.
 */
export interface OwnedReader {
  /** One page of one owned account's own posts (an id or handle as written under `watch[].owned`). */
  pollOwned(account: string, cursor: string | undefined, signal: AbortSignal): Promise<PollResult>;
}

export function canReadOwned(c: Connector): c is Connector & OwnedReader {
  return typeof (c as Partial<OwnedReader>).pollOwned === 'function';
}

/** Every brand's owned accounts, merged per platform (each account once, in config order). */
export function mergeOwned(entries: ReadonlyArray<{ owned?: OwnedAccounts | undefined }>): Map<OwnedPlatform, string[]> {
  const out = new Map<OwnedPlatform, string[]>();
  for (const e of entries) {
    for (const p of ownedPlatforms) {
      const list = out.get(p) ?? [];
      for (const a of e.owned?.[p] ?? []) if (!list.some((x) => accountKey(x) === accountKey(a))) list.push(a);
      if (list.length) out.set(p, list);
    }
  }
  return out;
}

/** One owned account's read: which source does it, and the name its cursor and health go by. */
export interface OwnedRead {
  source: ValidatedSource;
  account: string;
  /** `<source>/owned/<account>`: the cursor key, health and metrics label of this read. */
  name: string;
}

/**
 * Which source reads each owned account: per platform (= connector kind), the enabled sources
 * that set `readOwned: true`, else the first enabled one that does not set it to false; one
 * source is enough (several would pay the same calls twice). `canRead` says whether a source's
 * connector implements `pollOwned`.
 */
export function planOwnedReads(sources: readonly ValidatedSource[], owned: ReadonlyMap<string, readonly string[]>, canRead: (s: ValidatedSource) => boolean): OwnedRead[] {
  const out: OwnedRead[] = [];
  for (const [platform, accounts] of owned) {
    const candidates = sources.filter((s) => s.enabled && s.kind === platform && s.readOwned !== false && canRead(s));
    const chosen = candidates.filter((s) => s.readOwned === true);
    const readers = chosen.length ? chosen : candidates.slice(0, 1);
    for (const source of readers) for (const account of accounts) out.push({ source, account, name: `${source.name}/owned/${accountKey(account)}` });
  }
  return out;
}
