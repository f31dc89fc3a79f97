import { describe, expect, it } from 'vitest';
import { emptyReport, sampleReport } from '../testing.ts';
import { formatter } from '../i18n.ts';
import { renderHtml, safeUrl } from './html.ts';
import { renderJson } from './json.ts';
import { mdEscape, renderMarkdown } from './markdown.ts';

const BAD = /NaN|Infinity|undefined|\[object Object\]/;

describe('renderers', () => {
  it('an empty week renders in every format and language without NaN, and says there is no data', () => {
    const d = emptyReport();
    for (const locale of ['fr', 'en'] as const) {
      const html = renderHtml(d, locale);
      const md = renderMarkdown(d, locale);
      expect(html).not.toMatch(BAD);
      expect(md).not.toMatch(BAD);
      expect(html).toContain(locale === 'fr' ? 'Aucune mention de Acme cette semaine.' : 'No mentions of Acme this week.');
    }
    const json = renderJson(d);
    expect(json).not.toMatch(BAD);
    const back = JSON.parse(json);
    expect(back.volume).toEqual({ current: 0, previous: 0, change: null, duplicatesExcluded: 0, uniqueAuthors: { current: 0, previous: 0, change: null } });
    expect(back.shareOfVoice.entities[0].share).toBeNull();
    expect(back.summary.en.headline).toBe('No mentions of Acme this week.');
  });

  it('a week without competitors or previous data and a brand added mid-week', () => {
    const d = emptyReport('Acme', []);
    d.notes = [{ code: 'no_previous_data' }, { code: 'brand_started_mid_week', firstSeen: '2026-11-12T15:00:00.000Z' }, { code: 'no_competitors' }];
    d.volume = { ...d.volume, current: 5, previous: 0, change: null };
    const html = renderHtml(d, 'en');
    expect(html).toContain('Tracking started mid-week (first mention on Nov 12, 10:00).');
    expect(html).toContain('No competitor configured');
    expect(html).not.toMatch(BAD);
    expect(renderMarkdown(d, 'fr')).toContain('Suivi commencé en cours de semaine');
  });

  it('the full sample has every section and chart, in order, with one page section per printed page', () => {
    const html = renderHtml(sampleReport(), 'en');
    expect(html).not.toMatch(BAD);
    expect(html.match(/<section class="page"/g)).toHaveLength(6); // with owned accounts the responses get a page of their own
    expect(html.match(/<svg /g)).toHaveLength(6); // volume, sentiment, peak hours, share of voice, platforms, alerts timeline
    for (const s of ['This week', 'Previous week', 'Positive', 'Negative', 'Acme', 'Globex', 'Initech', 'r/quebec', 'Mentions spike: Acme (critical)']) expect(html).toContain(`data-series="${s}"`);
    expect(html).not.toMatch(/<script|<link |@import|url\(http|src="http/i);
    expect(html).toContain('<html lang="en-CA">');
  });

  it('escapes hostile user text and drops non-http links', () => {
    const d = sampleReport();
    d.topMentions.negative[0] = { ...d.topMentions.negative[0]!, title: '<img src=x onerror=alert(1)>', excerpt: '</td><script>alert(2)</script>', url: 'javascript:alert(3)' };
    d.people.leaders[0] = { ...d.people.leaders[0]!, name: '"><svg onload=alert(4)>', url: 'data:text/html,hi' };
    d.platforms.names[0] = { ...d.platforms.names[0]!, key: '<b>r/x</b>' };
    const html = renderHtml(d, 'en');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert(2)');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('data:text/html');
    expect(html).not.toContain('<svg onload');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const md = renderMarkdown(d, 'en');
    expect(md).not.toContain('javascript:');
    expect(md).toContain('\\<img src=x onerror=alert\\(1\\)\\>');
    expect(mdEscape('a|b\n[c](d)')).toBe('a\\|b \\[c\\]\\(d\\)');
    expect(safeUrl('https://x.example/a?b=1&c=2')).toBe('https://x.example/a?b=1&amp;c=2');
    expect(safeUrl('JavaScript:alert(1)')).toBeNull();
  });

  it('formats numbers and dates for the locale', () => {
    const fr = formatter('fr', 'America/Montreal');
    const en = formatter('en', 'America/Montreal');
    const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    expect(plain(fr.int(12345))).toBe('12 345');
    expect(en.int(12345)).toBe('12,345');
    expect(plain(fr.pct(0.42))).toBe('42 %');
    expect(en.pct(0.42)).toBe('42%');
    expect(plain(fr.changePct(0.42))).toBe('+42 %');
    expect(en.changePct(-0.3)).toBe('-30%');
    expect(en.changePct(null)).toBe('new');
    expect(fr.signed(-0.345)).toBe('-0,35');
    expect(en.points(0.12)).toBe('+12 pts');
    expect(fr.dayLong('2026-11-10')).toBe('mardi 10 novembre');
    expect(en.dayLong('2026-11-10')).toBe('Tuesday, November 10');
    expect(plain(fr.dateTime('2026-11-10T22:40:00Z'))).toBe('10 nov., 17 h 40');
    expect(en.dateTime('2026-11-10T22:40:00Z')).toBe('Nov 10, 17:40');
    expect(fr.language('fr')).toBe('français (fr)');
    expect(en.country('CA')).toBe('Canada (CA)');
    expect(en.language('und')).toBe('und');
    for (const f of [fr, en]) for (const v of [f.int(null), f.pct(Number.NaN), f.signed(Infinity), f.points(null)]) expect(v).toBe('—');
  });

  it('JSON refuses a non-finite number instead of writing null silently', () => {
    const d = sampleReport();
    d.volume = { ...d.volume, change: Number.NaN };
    expect(() => renderJson(d)).toThrow(/change is NaN/);
  });
});
