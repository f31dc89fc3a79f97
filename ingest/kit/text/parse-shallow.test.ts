import { describe, expect, it } from 'vitest';
import { findFeedLinks } from '../../rss/discover.ts';
import { MAX_HTML_DEPTH, parseShallow } from './parse-shallow.ts';

describe('parseShallow', () => {
  it('passes every open tag and text within the cap, in order', () => {
    const seen: string[] = [];
    parseShallow('<p>a<b>b</b></p>c', { onopentag: (n) => seen.push(`<${n}>`), onclosetag: (n) => seen.push(`</${n}>`), ontext: (t) => seen.push(t) }, {});
    expect(seen).toEqual(['<p>', 'a', '<b>', 'b', '</b>', '</p>', 'c']);
  });

  it('beyond the cap, reads on: every tag and all text still arrive', () => {
    const opened: string[] = [];
    const text: string[] = [];
    const d = MAX_HTML_DEPTH * 10;
    parseShallow(`${'<i>'.repeat(d)}deep${'</i>'.repeat(d)}<em>after</em>`, { onopentag: (n) => opened.push(n), ontext: (t) => text.push(t) }, {});
    expect(opened.length).toBe(d + 1);
    expect(opened.at(-1)).toBe('em');
    expect(text.join('')).toBe('deepafter');
  });

  it('a script that opens exactly one level too deep is still a script', () => {
    const text: string[] = [];
    parseShallow(`${'<i>'.repeat(MAX_HTML_DEPTH)}<script>if (a<b) evil()</script>ok`, { ontext: (t) => text.push(t) }, {});
    expect(text.join('')).toBe('if (a<b) evil()ok');
  });

  it('feed discovery finds a link after markup nested far beyond the cap', () => {
    const page = `<html><body>${'<div>'.repeat(MAX_HTML_DEPTH * 20)}<link rel="alternate" type="application/rss+xml" href="/feed.xml"></body></html>`;
    expect(findFeedLinks(page, 'https://site.example/')).toEqual([{ url: 'https://site.example/feed.xml', type: 'application/rss+xml' }]);
  });
});
