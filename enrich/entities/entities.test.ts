import { describe, expect, it } from 'vitest';
import type { RawMention } from '../../core/mention.ts';
import { entities, extractEntities, registrableDomain, urlHost } from './index.ts';

const m = (text: string, extra: Partial<RawMention> = {}): RawMention => ({ schemaVersion: 1, id: 'a', source: { kind: 'twitter' }, publishedAt: '2026-01-01T00:00:00Z', text, ...extra });

describe('entities', () => {
  it('extracts folded hashtags without # or trailing punctuation, Unicode letters included', () => {
    expect(extractEntities(m('Vive #Québec! #MTL, #été2025… #Acme_Fail. #1 C# foo#bar #日本')).hashtags).toEqual(['quebec', 'mtl', 'ete2025', 'acme_fail', '日本']);
  });
  it('dedupes hashtags case- and accent-insensitively', () => {
    expect(extractEntities(m('#Montréal #montreal #MONTREAL')).hashtags).toEqual(['montreal']);
  });
  it('extracts handles, Mastodon user@instance and Bluesky domain handles, but not e-mail addresses', () => {
    expect(extractEntities(m('RT @Acme_Support: cc @zoe@mastodon.social, @alice.bsky.social. Mail support@acme.com (@Bob)')).handles).toEqual([
      'acme_support',
      'zoe@mastodon.social',
      'alice.bsky.social',
      'bob',
    ]);
  });
  it('extracts URLs from the text and the mention url, trailing punctuation removed', () => {
    const e = extractEntities(m('Voir https://news.example.co.uk/a?b=1. et (https://t.co/AbC) ou www.Acme.ca/promo!', { url: 'https://www.reddit.com/r/x/1' }));
    expect(e.urls).toEqual(['https://www.reddit.com/r/x/1', 'https://news.example.co.uk/a?b=1', 'https://t.co/AbC', 'http://www.Acme.ca/promo']);
    expect(e.domains).toEqual(['reddit.com', 'example.co.uk', 't.co', 'acme.ca']);
  });
  it('reads the title too', () => {
    expect(extractEntities(m('body', { title: 'Titre #Acme' })).hashtags).toEqual(['acme']);
  });
  it('returns empty lists for text without entities', () => {
    expect(extractEntities(m(''))).toEqual({ hashtags: [], handles: [], urls: [], domains: [] });
  });
  it('computes registrable domains', () => {
    expect(registrableDomain('www.example.com')).toBe('example.com');
    expect(registrableDomain('a.b.example.com')).toBe('example.com');
    expect(registrableDomain('news.bbc.co.uk')).toBe('bbc.co.uk');
    expect(registrableDomain('mern.gouv.qc.ca')).toBe('gouv.qc.ca');
    expect(registrableDomain('me.github.io')).toBe('me.github.io');
    expect(registrableDomain('localhost')).toBe('localhost');
    expect(registrableDomain('127.0.0.1')).toBe('127.0.0.1');
    expect(urlHost('HTTPS://user@WWW.Example.COM.:8080/x')).toBe('example.com');
    expect(urlHost('not a url')).toBeUndefined();
  });
  it('is an entities enricher', () => {
    const e = entities.create({}, undefined as never);
    expect(e.field).toBe('entities');
    expect(e.enrich(m('#a @b'), {})).toEqual({ hashtags: ['a'], handles: ['b'], urls: [], domains: [] });
  });
});
