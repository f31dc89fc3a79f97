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

/**
 * Platforms on which each brand has owned accounts (brand name → `source.kind`s). Only there can
 * an answer be seen; a mention elsewhere (a news feed, a forum read as RSS, a platform where the
 * brand lists no account) can never be marked answered.
 */
export type TrackedPlatforms = ReadonlyMap<string, ReadonlySet<string>>;

/** Builds the platforms tracked per brand from watch entries (entries without `owned` track none). */
export function trackedPlatforms(entries: ReadonlyArray<{ name: string; owned?: Readonly<Partial<Record<string, readonly string[] | undefined>>> | undefined }>): TrackedPlatforms {
  const out = new Map<string, Set<string>>();
  for (const e of entries) {
    for (const p of ownedPlatforms) {
      if (!e.owned?.[p]?.length) continue;
      const set = out.get(e.name) ?? new Set<string>();
      set.add(p);
      out.set(e.name, set);
    }
  }
  return out;
}

/**
 * Whether an owned account's answer to a mention could be seen: one of the brands it names has an
 * owned account on its platform. The response desk's queue, the `unanswered` rule and the weekly
 * report's response figures count only these; the desk lists the others apart.
 */
export function answerTracked(platform: string, brands: readonly string[], tracked: TrackedPlatforms): boolean {
  return brands.some((b) => tracked.get(b)?.has(platform) === true);
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

/** What each platform's owned accounts look like, as the connector reads them and `ownerOf` compares them. */
export const ownedFormats: Readonly<Record<OwnedPlatform, string>> = {
  x: 'a numeric user id or a username of 1 to 15 letters, digits or "_" (e.g. "1234567890" or "acme")',
  mastodon: 'user@instance (e.g. "acme@mastodon.social"): the instance is part of the account',
  bluesky: 'a DID ("did:plc:…") or a handle that is a domain name (e.g. "acme.bsky.social")',
  facebook: "the Page's numeric id (e.g. \"104123456789012\"), shown under the Page's About → Page transparency",
  instagram: 'the numeric Instagram business account id (e.g. "17841400000000000"), not the @username',
  youtube: 'the channel id: "UC" and 22 letters, digits, "_" or "-" (YouTube Studio → Settings → Channel → Advanced), not the @handle',
  discourse: 'the forum username (letters, digits, "_", "." or "-"; up to 60)',
  reddit: 'the Reddit username without "u/" (3 to 20 letters, digits, "_" or "-")',
};

const FORMAT: Readonly<Record<OwnedPlatform, RegExp>> = {
  x: /^(?:\d{1,20}|\w{1,15})$/,
  mastodon: /^[A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+(?::\d{1,5})?$/,
  bluesky: /^(?:did:plc:[a-z2-7]{24}|did:web:[A-Za-z0-9.%:-]+|(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)$/,
  facebook: /^\d{1,20}$/,
  instagram: /^\d{1,20}$/,
  youtube: /^UC[\w-]{22}$/,
  discourse: /^[\p{L}\p{N}_.-]{1,60}$/u,
  reddit: /^[\w-]{3,20}$/,
};

/**
 * What the user most likely meant when an account is written in another form (a profile URL,
 * `u/name`, `@user@instance`'s web address): the value to write instead, when it can be read off.
 */
function suggestion(platform: OwnedPlatform, raw: string): string | undefined {
  let url: URL | undefined;
  try {
    url = /^https?:\/\//i.test(raw) ? new URL(raw) : undefined;
  } catch {
    url = undefined;
  }
  const path = url ? decodeURIComponent(url.pathname).split('/').filter(Boolean) : [];
  switch (platform) {
    case 'x':
      return url && /(^|\.)(x|twitter)\.com$/i.test(url.hostname) ? path[0] : undefined;
    case 'mastodon':
      if (url && path[0]?.startsWith('@')) return `${path[0].slice(1)}@${url.hostname}`;
      return undefined;
    case 'bluesky':
      return url && path[0] === 'profile' ? path[1] : undefined;
    case 'facebook':
      return url?.searchParams.get('id') ?? undefined;
    case 'youtube':
      return url && path[0] === 'channel' ? path[1] : undefined;
    case 'discourse':
      return url && path[0] === 'u' ? path[1] : undefined;
    case 'reddit':
      if (url) return path[0] === 'user' || path[0] === 'u' ? path[1] : undefined;
      return /^\/?u\//i.test(raw) ? raw.replace(/^\/?u\//i, '') : undefined;
    default:
      return undefined;
  }
}

/**
 * Why an owned account is not in its platform's format, or undefined when it is. The message
 * says what was expected and, when it can be read off the value (a profile URL, `u/name`),
 * what to write instead.
 */
export function ownedAccountProblem(platform: OwnedPlatform, account: string): string | undefined {
  const value = account.trim().replace(/^@/, '');
  if (FORMAT[platform].test(value)) return undefined;
  const better = suggestion(platform, account.trim());
  const fix = better !== undefined && FORMAT[platform].test(better) ? `; write ${JSON.stringify(better)}` : '';
  return `${platform} account ${JSON.stringify(account)} must be ${ownedFormats[platform]}${fix}`;
}

/**
 * Config check shared by the schemas of a watch entry: owned accounts only under a brand, each
 * in its platform's format (checked here, with the config, so a bad one fails `check-config`
 * instead of a poll hours later). Messages name the entry, the platform and the format.
 */
export function refineOwnedRole(e: { name?: string; role: string; owned?: OwnedAccounts | undefined }, ctx: z.RefinementCtx): void {
  if (!e.owned) return;
  if (e.role !== 'brand') {
    ctx.addIssue({ code: 'custom', path: ['owned'], message: `owned accounts belong to a brand entry, this one has role ${e.role}: move them to the brand's entry` });
    return;
  }
  for (const platform of ownedPlatforms) {
    (e.owned[platform] ?? []).forEach((account, i) => {
      // Empty values and spaces are already reported by the account schema.
      if (!account.trim() || /\s/.test(account.trim())) return;
      const problem = ownedAccountProblem(platform, account);
      if (problem) ctx.addIssue({ code: 'custom', path: ['owned', platform, i], message: `brand ${JSON.stringify(e.name ?? '?')}: ${problem}` });
    });
  }
}
