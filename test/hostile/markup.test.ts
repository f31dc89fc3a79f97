/**
 * Hostile markup through every HTML reader of ingest/ (text extraction shared by the connectors,
 * Discourse quote removal, feed discovery): nesting far deeper than any page, unclosed tags,
 * tags megabytes long. Each case: no stack overflow, no quadratic scan (a generous time bound
 * the old code missed by minutes), and the text around the hostile part still comes out.
 */
import { describe, expect, it } from 'vitest';
import { cookedToText } from '../../ingest/discourse/map.ts';
import { findFeedLinks } from '../../ingest/rss/discover.ts';
import { htmlToText } from '../../ingest/kit/text/html-to-text.ts';
import { measure } from './measure.ts';

async function run<T>(fn: () => T): Promise<T> {
  const r = await measure(fn);
  if (r.error) throw r.error;
  expect(r.ms).toBeLessThan(20_000);
  expect(r.peakMb).toBeLessThan(300);
  return r.value!;
}

describe('hostile markup', () => {
  it('text extraction: 500,000 nested elements (3 MB)', async () => {
    const out = await run(() => htmlToText(`Acme before ${'<div>'.repeat(500_000)}deep${'</div>'.repeat(500_000)} after`));
    expect(out.replace(/\s+/g, ' ')).toBe('Acme before deep after');
  });

  it('text extraction: 300,000 unclosed inline tags, then text', async () => {
    const out = await run(() => htmlToText(`${'<b>'.repeat(300_000)}Acme still read`));
    expect(out).toBe('Acme still read');
  });

  it('Discourse: 200,000 quotes never closed', async () => {
    const out = await run(() => cookedToText(`<p>Acme own words</p>${'<aside class="quote">q'.repeat(200_000)}`));
    expect(out.startsWith('Acme own words')).toBe(true);
  });

  it('Discourse: one unclosed quote tag 1.3 MB long, full of class attributes', async () => {
    const out = await run(() => cookedToText(`<p>Acme own words</p><aside ${'class="quote '.repeat(100_000)}`));
    expect(out).toBe('Acme own words');
  });

  it('Discourse: closed quotes are still removed', async () => {
    const out = await run(() => cookedToText('<p>mine</p><aside class="quote no-group" data-post="2"><blockquote>theirs</blockquote></aside><p>mine too</p>'));
    expect(out).toBe('mine\nmine too');
  });

  it('feed discovery: the link after 500,000 nested elements is found', async () => {
    const links = await run(() => findFeedLinks(`<html><body>${'<div>'.repeat(500_000)}<link rel="alternate" type="application/atom+xml" href="/atom.xml"></body></html>`, 'https://site.example/'));
    expect(links.map((l) => l.url)).toEqual(['https://site.example/atom.xml']);
  });
});
