import { describe, expect, it } from 'vitest';
import { sentimentCounts } from './model.ts';
import { dominantTone, noteTexts, summarize } from './summary.ts';
import { emptyReport, sampleReport } from './testing.ts';

/** Intl puts narrow no-break spaces in French numbers; compare with plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('summary rules', () => {
  it('volume up, driven by a negative peak on Tuesday on reddit (fr and en)', () => {
    const d = sampleReport();
    const fr = summarize(d, 'fr');
    const en = summarize(d, 'en');
    expect(plain(fr.headline)).toBe('Mentions en hausse de 42 % (142 contre 100), portées par un pic négatif le mardi 10 novembre (58 mentions, surtout sur reddit, autour de #AcmeRecall).');
    expect(en.headline).toBe('Mentions up 42% (142 vs 100), driven by a negative peak on Tuesday, November 10 (58 mentions, mostly on reddit, around #AcmeRecall).');
    expect(en.sentences).toContain('Net sentiment -0.26, worsening (+0.20 the previous week): 34 positive, 58 negative, 50 neutral.');
    expect(fr.sentences.some((s) => plain(s).startsWith('Sentiment net de -0,26, en dégradation'))).toBe(true);
    expect(en.sentences).toContain('Share of voice 62% (+12 pts) against Globex (38%) and Initech (0%).');
    expect(en.sentences.some((s) => s.startsWith('2 alerts this week, 1 critical; the first on Nov 10, 17:40'))).toBe(true);
    expect(en.sentences).toContain('Main source: r/quebec (42% of mentions, mostly negative).');
    expect(en.sentences).toContain('Emerging topics: #AcmeRecall, #coffee, “recall”, “refund”.');
    expect(fr.sentences.map(plain)).toContain('Sujets émergents : #AcmeRecall, #coffee, « recall », « refund ».');
    expect(en.sentences).toContain('No mentions of Initech this week.');
  });

  it('down, steady and no previous week', () => {
    const d = sampleReport();
    d.peakDay = null;
    d.volume = { ...d.volume, current: 70, previous: 100, change: -0.3 };
    expect(summarize(d, 'en').headline).toBe('Mentions down 30% (70 vs 100).');
    expect(plain(summarize(d, 'fr').headline)).toBe('Mentions en baisse de 30 % (70 contre 100).');
    d.volume = { ...d.volume, current: 105, previous: 100, change: 0.05 };
    expect(summarize(d, 'en').headline).toBe('Mentions steady (105 vs 100).');
    d.volume = { ...d.volume, current: 12, previous: 0, change: null };
    expect(summarize(d, 'en').headline).toBe('12 mentions of Acme this week (none the previous week).');
  });

  it('a peak in a falling week is "with", not "driven by"; a flat week has no peak clause', () => {
    const d = sampleReport();
    d.volume = { ...d.volume, current: 80, previous: 100, change: -0.2 };
    expect(summarize(d, 'en').headline).toMatch(/^Mentions down 20% \(80 vs 100\), with a negative peak on Tuesday/);
    d.peakDay = { ...d.peakDay!, ratioToOtherDays: 1.3 };
    expect(summarize(d, 'en').headline).toBe('Mentions down 20% (80 vs 100).');
  });

  it('an empty week says so, with no NaN and no sentence built on missing numbers', () => {
    const d = emptyReport();
    for (const locale of ['fr', 'en'] as const) {
      const s = summarize(d, locale);
      const all = [s.headline, ...s.sentences, ...noteTexts(d, locale)].join(' ');
      expect(all).not.toMatch(/NaN|Infinity|undefined|null/);
    }
    expect(summarize(d, 'en')).toEqual({ headline: 'No mentions of Acme this week.', sentences: ['No mentions of Globex this week.'] });
    expect(summarize(d, 'fr').headline).toBe('Aucune mention de Acme cette semaine.');
  });

  it('no positive or negative mention: tone sentence instead of a net score', () => {
    const d = sampleReport();
    d.sentiment = { current: sentimentCounts(0, 142, 0), previous: sentimentCounts(0, 100, 0), netChange: null };
    expect(summarize(d, 'en').sentences[0]).toBe('Tone: no positive or negative mention detected this week.');
  });

  it('dominant tone needs 40 % and more than the other side', () => {
    expect(dominantTone(sentimentCounts(1, 5, 4))).toBe('negative');
    expect(dominantTone(sentimentCounts(3, 5, 2))).toBeNull();
    expect(dominantTone(sentimentCounts(0, 0, 0))).toBeNull();
  });
});
