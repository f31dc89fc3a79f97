import { describe, expect, it } from 'vitest';
import { validateConfig } from './config.ts';

describe('owned accounts in the config', () => {
  it('are validated under a brand watch entry', () => {
    const ok = validateConfig({ watch: [{ name: 'Acme', role: 'brand', query: 'acme', owned: { x: ['12345'], mastodon: ['@acme@mastodon.social'], reddit: ['AcmeSupport'] } }] }, {});
    expect(ok.problems).toEqual([]);
    expect(ok.config!.watch[0]!.owned!.x).toEqual(['12345']);
  });

  it('name every problem: unknown platform, empty list, wrong role, spaces', () => {
    const r = validateConfig({
      watch: [
        { name: 'Acme', role: 'brand', query: 'acme', owned: { tiktok: ['a'], x: [] } },
        { name: 'Rival', role: 'competitor', query: 'rival', owned: { x: ['1'] } },
        { name: 'Other', role: 'brand', query: 'other', owned: { reddit: ['two words'] } },
      ],
    }, {});
    const text = r.problems.map((p) => `${p.path}: ${p.message}`).join('\n');
    expect(r.config).toBeUndefined();
    expect(text).toMatch(/watch\[0\]\.owned\.tiktok: unknown key/);
    expect(text).toMatch(/watch\[0\]\.owned\.x: list at least one account/);
    expect(text).toMatch(/watch\[1\]\.owned: owned accounts belong to a brand entry, this one has role competitor/);
    expect(text).toMatch(/watch\[2\]\.owned\.reddit\[0\]: must be one id or handle/);
  });
});

describe('owned account forms in the config', () => {
  it('are checked with the rest, before any I/O: entry path, brand, platform, expected form, what to write', () => {
    const r = validateConfig({
      watch: [
        { name: 'Acme', role: 'brand', query: 'acme', owned: { youtube: ['@acme'], mastodon: ['https://mastodon.social/@acme'] } },
        { name: 'Café Brio', role: 'brand', query: 'brio', owned: { reddit: ['u/cafebrio'], x: ['1234567890'] } },
      ],
    }, {});
    expect(r.config).toBeUndefined();
    expect(r.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'watch[0].owned.mastodon[0]: brand "Acme": mastodon account "https://mastodon.social/@acme" must be user@instance (e.g. "acme@mastodon.social"): the instance is part of the account; write "acme@mastodon.social"',
      'watch[0].owned.youtube[0]: brand "Acme": youtube account "@acme" must be the channel id: "UC" and 22 letters, digits, "_" or "-" (YouTube Studio → Settings → Channel → Advanced), not the @handle',
      'watch[1].owned.reddit[0]: brand "Café Brio": reddit account "u/cafebrio" must be the Reddit username without "u/" (3 to 20 letters, digits, "_" or "-"); write "cafebrio"',
    ]);
  });
});
