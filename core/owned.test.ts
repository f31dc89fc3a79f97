import { describe, expect, it } from 'vitest';
import { validateConfig } from '../cli/config.ts';
import { indexOwned, ownerOf } from './owned.ts';

describe('owned accounts', () => {
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

  it('find the owner by id or handle, case- and @-insensitive, on the right platform only', () => {
    const owned = indexOwned([{ name: 'Acme', owned: { x: ['12345'], reddit: ['@AcmeSupport'] } }, { name: 'Plain' }]);
    expect(ownerOf({ source: { kind: 'x' }, author: { id: '12345' } }, owned)).toBe('Acme');
    expect(ownerOf({ source: { kind: 'reddit' }, author: { handle: 'acmesupport' } }, owned)).toBe('Acme');
    expect(ownerOf({ source: { kind: 'mastodon' }, author: { id: '12345' } }, owned)).toBeUndefined();
    expect(ownerOf({ source: { kind: 'x' }, author: { id: '999' } }, owned)).toBeUndefined();
    expect(ownerOf({ source: { kind: 'x' } }, owned)).toBeUndefined();
  });
});
