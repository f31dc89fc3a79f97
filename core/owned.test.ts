import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { indexOwned, ownedAccountProblem, ownedAccountsSchema, ownerOf, refineOwnedRole, type OwnedPlatform } from './owned.ts';

describe('owned accounts', () => {
  it('find the owner by id or handle, case- and @-insensitive, on the right platform only', () => {
    const owned = indexOwned([{ name: 'Acme', owned: { x: ['12345'], reddit: ['@AcmeSupport'] } }, { name: 'Plain' }]);
    expect(ownerOf({ source: { kind: 'x' }, author: { id: '12345' } }, owned)).toBe('Acme');
    expect(ownerOf({ source: { kind: 'reddit' }, author: { handle: 'acmesupport' } }, owned)).toBe('Acme');
    expect(ownerOf({ source: { kind: 'mastodon' }, author: { id: '12345' } }, owned)).toBeUndefined();
    expect(ownerOf({ source: { kind: 'x' }, author: { id: '999' } }, owned)).toBeUndefined();
    expect(ownerOf({ source: { kind: 'x' } }, owned)).toBeUndefined();
  });
});

describe('owned account formats', () => {
  it('accept what each connector reads and ownerOf compares', () => {
    const ok: Array<[OwnedPlatform, string]> = [
      ['x', '1234567890'], ['x', '@Acme_QC'], ['mastodon', 'acme@mastodon.social'], ['mastodon', '@cafe.brio@piaille.fr'],
      ['bluesky', 'did:plc:abcdefghijklmnopqrstuvwx'], ['bluesky', 'acme.bsky.social'], ['bluesky', 'did:web:acme.example'],
      ['facebook', '104123456789012'], ['instagram', '17841400000000000'], ['youtube', 'UC_x5XG1OV2P6uZZ5FSM9Ttw'],
      ['discourse', 'jean.tremblay'], ['discourse', 'Élise'], ['reddit', 'Acme-Support'],
    ];
    for (const [p, a] of ok) expect(ownedAccountProblem(p, a), `${p} ${a}`).toBeUndefined();
  });

  it('refuse other forms, saying the format and, when it can be read off, what to write', () => {
    expect(ownedAccountProblem('mastodon', 'acme')).toMatch(/must be user@instance/);
    expect(ownedAccountProblem('mastodon', 'https://mastodon.social/@acme')).toMatch(/; write "acme@mastodon\.social"$/);
    expect(ownedAccountProblem('x', 'https://twitter.com/acme')).toMatch(/; write "acme"$/);
    expect(ownedAccountProblem('x', 'a_name_far_too_long')).toMatch(/numeric user id or a username of 1 to 15/);
    expect(ownedAccountProblem('bluesky', 'acme')).toMatch(/a DID .* or a handle that is a domain name/);
    expect(ownedAccountProblem('bluesky', 'https://bsky.app/profile/acme.bsky.social')).toMatch(/; write "acme\.bsky\.social"$/);
    expect(ownedAccountProblem('facebook', 'https://www.facebook.com/acme')).toMatch(/Page's numeric id/);
    expect(ownedAccountProblem('facebook', 'https://www.facebook.com/acme')).not.toMatch(/write/);
    expect(ownedAccountProblem('facebook', 'https://www.facebook.com/profile.php?id=1234567')).toMatch(/; write "1234567"$/);
    expect(ownedAccountProblem('instagram', 'acme')).toMatch(/numeric Instagram business account id/);
    expect(ownedAccountProblem('youtube', '@acme')).toMatch(/channel id: "UC" and 22 .* not the @handle$/);
    expect(ownedAccountProblem('youtube', 'https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw')).toMatch(/; write "UC_x5XG1OV2P6uZZ5FSM9Ttw"$/);
    expect(ownedAccountProblem('reddit', 'u/acme')).toMatch(/without "u\/".*; write "acme"$/);
    expect(ownedAccountProblem('reddit', 'https://www.reddit.com/user/acme/')).toMatch(/; write "acme"$/);
    expect(ownedAccountProblem('discourse', 'jean/tremblay')).toMatch(/forum username/);
  });

  it('are checked with the watch entry, every bad one named with its brand and platform', () => {
    const schema = z.object({ name: z.string(), role: z.string(), owned: ownedAccountsSchema.optional() }).superRefine(refineOwnedRole);
    const r = schema.safeParse({ name: 'Acme', role: 'brand', owned: { x: ['123', 'https://x.com/acme'], youtube: ['@acme'], reddit: ['two words'] } });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toHaveLength(3);
    expect(issues).toContainEqual(expect.stringMatching(/^owned\.x\.1: brand "Acme": x account "https:\/\/x\.com\/acme" must be .*; write "acme"$/));
    expect(issues).toContainEqual(expect.stringMatching(/^owned\.youtube\.0: brand "Acme": youtube account "@acme" must be the channel id/));
    // Spaces are reported once, by the account schema.
    expect(issues).toContainEqual('owned.reddit.0: must be one id or handle, without spaces');
  });
});
