import { describe, expect, it } from 'vitest';
import { formatter } from './i18n.ts';
import { renderHtml } from './render/html.ts';
import { renderMarkdown } from './render/markdown.ts';
import { percentile, responseFigures, responseSection, type WeekResponses } from './responses.ts';
import { summarize } from './summary.ts';
import { emptyReport, sampleReport } from './testing.ts';

const BAD = /NaN|Infinity|undefined|\[object Object\]/;
const NOW = Date.parse('2026-11-17T12:00:00Z');

function waitingMention(id: string, platform: string, publishedAt: string, label: string, state?: 'handled' | 'snoozed') {
  return {
    m: { id, url: `https://${platform}.example/${id}`, text: `text of ${id}`, publishedAt, source: { kind: platform }, author: { handle: `@${id}`, url: `https://${platform}.example/@${id}` }, sentiment: { label, score: label === 'negative' ? -0.7 : 0 } },
    desk: state ? { mentionId: id, state, updatedAt: publishedAt } : undefined,
  };
}

describe('response figures', () => {
  it('percentiles interpolate between ranks; one value is every percentile; none is null', () => {
    expect(percentile([60, 120], 0.5)).toBe(90);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBeCloseTo(91, 10);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.5)).toBe(55);
    expect(percentile([1, 2, 3, 4, 1000], 0.5)).toBe(3); // the median ignores the one very late answer
    expect(percentile([1, 2, 3, 4, 1000], 0.9)).toBeCloseTo(4 + 0.6 * 996, 10);
    expect(percentile([42], 0.5)).toBe(42);
    expect(percentile([42], 0.9)).toBe(42);
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([1, 2], 1.5)).toBeNull();
  });

  it('the rate is answered over needed; handled and waiting are apart; values need not be sorted', () => {
    expect(responseFigures([600, 60, 7200], 1, 2)).toEqual({ needed: 6, answered: 3, handled: 1, waiting: 2, rate: 0.5, medianSeconds: 600, p90Seconds: 600 + 0.8 * 6600 });
  });

  it('an empty week has no rate and no times, never NaN', () => {
    expect(responseFigures([], 0, 0)).toEqual({ needed: 0, answered: 0, handled: 0, waiting: 0, rate: null, medianSeconds: null, p90Seconds: null });
    expect(responseFigures([], 0, 3)).toMatchObject({ needed: 3, rate: 0, medianSeconds: null });
  });

  it('the section: by platform against last week, critics waiting oldest first, handled ones left out', () => {
    const cur: WeekResponses = {
      answered: [{ platform: 'reddit', seconds: 300 }, { platform: 'reddit', seconds: 900 }, { platform: 'discourse', seconds: 3600 }],
      unanswered: [
        waitingMention('c2', 'reddit', '2026-11-12T10:00:00.000Z', 'negative'),
        waitingMention('c1', 'discourse', '2026-11-10T10:00:00.000Z', 'negative'),
        waitingMention('q1', 'reddit', '2026-11-11T10:00:00.000Z', 'neutral'),
        waitingMention('h1', 'reddit', '2026-11-09T10:00:00.000Z', 'negative', 'handled'),
        waitingMention('s1', 'reddit', '2026-11-09T11:00:00.000Z', 'negative', 'snoozed'),
      ],
    };
    const prev: WeekResponses = { answered: [{ platform: 'reddit', seconds: 60 }, { platform: 'x', seconds: 120 }], unanswered: [] };
    const s = responseSection(cur, prev, { ownedPlatforms: ['reddit', 'discourse'], now: NOW, top: 2 });
    expect(s.ownedPlatforms).toEqual(['discourse', 'reddit']);
    expect(s.current).toMatchObject({ needed: 8, answered: 3, handled: 1, waiting: 4, rate: 3 / 8, medianSeconds: 900 });
    expect(s.previous).toMatchObject({ needed: 2, answered: 2, rate: 1, medianSeconds: 90 });
    expect(s.platforms.map((p) => [p.key, p.current.needed, p.previous.needed])).toEqual([['reddit', 6, 1], ['discourse', 2, 0], ['x', 0, 1]]);
    expect(s.platforms[0]!.current).toMatchObject({ answered: 2, handled: 1, waiting: 3, medianSeconds: 600 });
    // A snoozed critic still waits; a handled one does not. Cut to `top`, counted in full.
    expect(s.critics.map((c) => c.id)).toEqual(['s1', 'c1']);
    expect(s.criticsWaiting).toBe(3);
    expect(s.critics[1]).toMatchObject({ platform: 'discourse', author: '@c1', url: 'https://discourse.example/c1', waitingSeconds: (NOW - Date.parse('2026-11-10T10:00:00Z')) / 1000 });
  });

  it('durations read as a person would say them, in both languages', () => {
    const fr = formatter('fr', 'America/Montreal');
    const en = formatter('en', 'America/Montreal');
    expect([45, 2820, 9300, 3600, 47_400, 3 * 86400 + 4 * 3600].map(fr.duration)).toEqual(['45 s', '47 min', '2 h 35 min', '1 h', '13 h 10 min', '3 j 4 h']);
    expect(en.duration(3 * 86400)).toBe('3 d');
    expect(en.duration(null)).toBe('—');
  });
});

describe('the response section in the report', () => {
  it('shows the rate, median, p90, platforms and waiting critics in HTML, Markdown and the summary, FR and EN', () => {
    const d = sampleReport();
    const html = renderHtml(d, 'fr');
    expect(html).not.toMatch(BAD);
    expect(html).toContain('Réponses de la marque');
    expect(html).toMatch(/70\s%/); // 28 / 40
    expect(html).toContain('47 min'); // median 2820 s
    expect(html).toContain('9 h 10 min'); // p90 33 000 s
    expect(html).toContain('Attend depuis 6 j 3 h');
    expect(html).toContain('href="https://reddit.example/r/quebec/w1"');
    expect(html).toContain('… et 5 autres en attente.');
    const md = renderMarkdown(d, 'en');
    expect(md).toContain('## Brand responses');
    expect(md).toMatch(/\| Response rate \| 70% \| 92% \|/);
    expect(md).toMatch(/\| reddit \| 30 \| 20 \| 67% \| 88% \| 1 h \| 20 min \| 10 h \| 8 \|/);
    expect(md).toContain('**Waiting for 6 d 3 h** · [@?angry\\_customer]'.replace('@?', 'u/'));
    expect(md).not.toMatch(BAD);
    expect(summarize(d, 'en').sentences).toContain('The brand answered 70% of the 40 mentions that needed a reply, in 47 min (median); previous week: 92%, 15 min. 7 critic(s) still waiting for an answer.');
    expect(summarize(d, 'fr').sentences.join(' ')).toMatch(/La marque a répondu à 70\s% des 40 mentions qui demandaient une réponse, en 47 min \(médiane\)/);
  });

  it('without owned accounts the section says how to get it, and the summary says nothing of it', () => {
    const d = sampleReport();
    d.responses = null;
    const html = renderHtml(d, 'en');
    expect(html.match(/<section class="page"/g)).toHaveLength(5);
    expect(html).toContain('No owned account is configured for the brand: add &quot;owned:&quot; under its watch entry');
    expect(renderMarkdown(d, 'fr')).toContain('Aucun compte de la marque n’est configuré');
    expect(summarize(d, 'en').sentences.join(' ')).not.toMatch(/answered/);
  });

  it('an empty week with owned accounts says nothing needed a reply', () => {
    const d = emptyReport();
    const zero = responseFigures([], 0, 0);
    d.responses = { ownedPlatforms: ['x'], current: zero, previous: zero, platforms: [], critics: [], criticsWaiting: 0 };
    for (const locale of ['fr', 'en'] as const) {
      expect(renderHtml(d, locale)).not.toMatch(BAD);
      expect(renderMarkdown(d, locale)).not.toMatch(BAD);
    }
    expect(renderHtml(d, 'en')).toContain('No mention needed a reply this week.');
    expect(summarize(d, 'en').sentences.join(' ')).not.toMatch(/answered/);
  });
});
