import { z } from 'zod';

/** Platforms whose owned accounts Vigie recognises; each is the `source.kind` its connector writes. */
export const ownedPlatforms = ['x', 'mastodon', 'bluesky', 'facebook', 'instagram', 'youtube', 'discourse', 'reddit'] as const;
export type OwnedPlatform = (typeof ownedPlatforms)[number];

const account = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(256)
  .refine((s) => !/\s/.test(s), { message: 'must be one id or handle, without spaces' });

const accounts = z.array(account).min(1, 'list at least one account, or remove the platform');

/**
 * The brand's own accounts, per platform: user ids or handles as the connector writes them in
 * `author.id` / `author.handle` (X user id, Mastodon `user@instance`, Bluesky DID or handle,
 * Facebook Page id, Instagram business account id, YouTube channel id, Discourse and Reddit
 * usernames). A leading `@` is ignored; comparison is case-insensitive.
 */
export const ownedAccountsSchema = z
  .object(Object.fromEntries(ownedPlatforms.map((p) => [p, accounts.optional().describe(`The brand's ${p} accounts (ids or handles).`)])) as Record<OwnedPlatform, z.ZodOptional<typeof accounts>>)
  .strict();
export type OwnedAccounts = z.infer<typeof ownedAccountsSchema>;

/** Owned accounts of every brand entry, folded for lookup: `platform` → set of keys → brand name. */
export type OwnedIndex = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** The folded form an account is compared in: lower case, no leading `@`. */
export function accountKey(s: string): string {
  return s.trim().replace(/^@/, '').toLowerCase();
}

/** Builds the lookup from watch entries (only entries with `owned` contribute). */
export function indexOwned(entries: ReadonlyArray<{ name: string; owned?: OwnedAccounts | undefined }>): OwnedIndex {
  const out = new Map<string, Map<string, string>>();
  for (const e of entries) {
    for (const [platform, list] of Object.entries(e.owned ?? {})) {
      const m = out.get(platform) ?? new Map<string, string>();
      for (const a of list ?? []) m.set(accountKey(a), e.name);
      out.set(platform, m);
    }
  }
  return out;
}

/** The brand whose owned account wrote this mention, or undefined. */
export function ownerOf(m: { source: { kind: string }; author?: { id?: string | undefined; handle?: string | undefined } | undefined }, owned: OwnedIndex): string | undefined {
  const accounts = owned.get(m.source.kind);
  if (!accounts || !m.author) return undefined;
  for (const v of [m.author.id, m.author.handle]) {
    if (v === undefined) continue;
    const hit = accounts.get(accountKey(v));
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** Config check shared by the schemas of a watch entry: owned accounts only under a brand. */
export function refineOwnedRole(e: { role: string; owned?: unknown }, ctx: z.RefinementCtx): void {
  if (e.owned && e.role !== 'brand') ctx.addIssue({ code: 'custom', path: ['owned'], message: `owned accounts belong to a brand entry, this one has role ${e.role}: move them to the brand's entry` });
}
