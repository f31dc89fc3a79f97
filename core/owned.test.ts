import { describe, expect, it } from 'vitest';
import { indexOwned, ownerOf } from './owned.ts';

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
