import { describe, expect, it } from 'vitest';
import { analyzeSentiment, METHOD_EMOJI } from './sentiment.ts';
import { analyse } from './analyse.ts';
import { tokenize } from './tokenize.ts';
import { copyFeatures, extractFeatures, type FeatureSpec } from './features.ts';
import { sentimentModel } from './model.ts';
import { sentimentEnricher } from './enricher.ts';
import { silentLogger } from '../../core/logger.ts';
import { systemClock } from '../../core/clock.ts';
import { Metrics } from '../../core/metrics.ts';
import type { RawMention } from '../../core/mention.ts';

const s = (text: string, lang: string) => analyzeSentiment(text, lang);

describe('negation', () => {
  it('French: "pas terrible" and "n\'est pas bon" are negative, "pas mal du tout" positive', () => {
    expect(s('pas terrible', 'fr').label).toBe('negative');
    expect(s("Franchement, c'est pas terrible", 'fr').label).toBe('negative');
    expect(s("Ce produit n'est pas bon", 'fr').label).toBe('negative');
    expect(s('pas mal du tout', 'fr').score).toBeGreaterThan(0);
    expect(analyse('pas mal du tout', 'fr').ruleScore).toBeGreaterThan(0.3);
  });

  it('English: "not good" is negative and scores below "good"', () => {
    expect(s('This is not good', 'en').label).toBe('negative');
    expect(s('This is not good', 'en').score).toBeLessThan(s('This is good', 'en').score);
    expect(analyse('not bad', 'en').ruleScore).toBeGreaterThan(0);
  });

  it('marks the scope of the negation, up to punctuation', () => {
    const a = analyse("n'est pas bon. Mais le prix", 'fr');
    const texts = a.tokens.map((t) => t.text);
    expect(texts.slice(0, 4)).toEqual(['n', 'est', 'pas', 'bon']);
    expect(a.negated[texts.indexOf('bon')]).toBe(1);
    expect(a.negated[texts.indexOf('prix')]).toBe(0);
  });
});

describe('contrast', () => {
  it('French: "c\'est bon mais le service est nul" leans negative', () => {
    const r = s("c'est bon mais le service est nul", 'fr');
    expect(r.label).toBe('negative');
    expect(r.score).toBeLessThan(0);
    expect(analyse("c'est bon mais le service est nul", 'fr').contrast).toBe(true);
  });

  it('English: "I love it but shipping was slow" scores well below "I love it"', () => {
    const mixed = s('I love it but shipping was slow', 'en');
    expect(mixed.score).toBeLessThan(s('I love it', 'en').score - 0.3);
    expect(mixed.label).not.toBe('positive');
  });

  it('the clause after the contrast weighs more', () => {
    expect(analyse('bad but good', 'en').ruleScore).toBeGreaterThan(0);
    expect(analyse('good but bad', 'en').ruleScore).toBeLessThan(0);
  });
});

describe('elongation, capitals, intensifiers, emoji', () => {
  it('reads elongated words as their base word and counts them', () => {
    const t = tokenize('trooop bien, soooo gooood', 'fr').tokens;
    expect(t.map((x) => x.text)).toEqual(['troop', 'bien', ',', 'soo', 'good']);
    expect(t.filter((x) => x.elongated)).toHaveLength(3);
    expect(s('trooop bien', 'fr').label).toBe('positive');
    expect(analyse('soooo good', 'en').ruleScore).toBeGreaterThan(analyse('good', 'en').ruleScore);
  });

  it('capitals and intensifiers strengthen a word', () => {
    expect(analyse('This is GREAT', 'en').ruleScore).toBeGreaterThan(analyse('This is great', 'en').ruleScore);
    expect(analyse('très bon', 'fr').pos).toBeGreaterThan(analyse('bon', 'fr').pos);
    expect(analyse('un peu bon', 'fr').pos).toBeLessThan(analyse('bon', 'fr').pos);
  });

  it('emoji and emoticons carry sentiment in every language, with a fallback for unsupported ones', () => {
    expect(s('😡😡', 'und')).toMatchObject({ label: 'negative', method: METHOD_EMOJI });
    expect(s('merveilleux 😍', 'ja').label).toBe('positive');
    expect(s('ok :(', 'xx').label).toBe('negative');
    expect(s('J’adore 😍', 'fr').label).toBe('positive');
    expect(s('Das ist nicht gut', 'de').label).toBe('negative');
    expect(s('Dit is echt slecht', 'nl').label).toBe('negative');
  });

  it('splits hashtags into words and handles Québec vocabulary', () => {
    expect(tokenize('#PasContent de #Bell_Canada', 'fr').tokens.map((t) => t.text)).toEqual(['pas', 'content', 'de', 'bell', 'canada']);
    expect(s('#PasContent de mon forfait', 'fr').label).toBe('negative');
    expect(s("C'est plate en maudit", 'fr').label).toBe('negative');
    expect(s('Merci pour le service, tiguidou!', 'fr').label).toBe('positive');
  });
});

describe('output contract', () => {
  it('stays in range, names its method, and never throws on odd input', () => {
    for (const [text, lang] of [['', 'fr'], ['   ', 'en'], ['@user http', 'en'], ['!!!???', 'und'], ['a'.repeat(20000), 'fr'], ['\u0000\uffff', 'ar']] as const) {
      const r = s(text, lang);
      expect(r.score).toBeGreaterThanOrEqual(-1);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      expect(['negative', 'neutral', 'positive']).toContain(r.label);
    }
    expect(s('', 'und')).toEqual({ score: 0, label: 'neutral', confidence: 0.5, method: METHOD_EMOJI });
    expect(s('Super service', 'fr').method).toBe('vigie-sentiment-lr@1.2.0');
  });
});

describe('sentimentEnricher', () => {
  it('reads the language found by the language enricher', () => {
    const e = sentimentEnricher.create(sentimentEnricher.config.parse({}), { logger: silentLogger(), clock: systemClock, metrics: new Metrics() });
    const m: RawMention = { schemaVersion: 1, id: 'x:1', source: { kind: 'test' }, publishedAt: '2024-01-01T00:00:00Z', text: "C'est nul, je suis déçu 😡" };
    expect(e.field).toBe('sentiment');
    expect(e.enrich(m, { lang: { code: 'fr', confidence: 0.9 } })).toMatchObject({ label: 'negative', method: 'vigie-sentiment-lr@1.2.0' });
    expect(e.enrich(m, {}).method).toBe(METHOD_EMOJI);
  });
});

describe('spoken French and Québec French', () => {
  it('negates the verb before a post-verbal "pas" when "ne" is dropped', () => {
    expect(analyse("j'aime pas ça", 'fr').ruleScore).toBeLessThan(0);
    expect(analyse("j'aime ça", 'fr').ruleScore).toBeGreaterThan(0);
    expect(analyse('je kiffe pas du tout', 'fr').ruleScore).toBeLessThan(0);
    // "pas" before the word still negates what follows, once.
    expect(analyse("c'est pas bon", 'fr').ruleScore).toBeLessThan(0);
    expect(s("J'aime pas ce service, vraiment nul", 'fr').label).toBe('negative');
  });

  it('reads Québec vocabulary', () => {
    expect(analyse("c'est de la marde", 'fr').ruleScore).toBeLessThan(0);
    expect(analyse('ce show était vraiment capotant', 'fr').ruleScore).toBeGreaterThan(0);
    expect(analyse('service boboche, chu tanné', 'fr').ruleScore).toBeLessThan(0);
    expect(analyse('pas pire pantoute', 'fr').ruleScore).toBeGreaterThan(0);
    expect(s('Service boboche pis niaiseux, chu tanné', 'fr').label).toBe('negative');
  });
});

describe('long input', () => {
  it('reads only the first 5,000 characters of a very long text', () => {
    const long = `${'The customer service is bad. '.repeat(200)}${'Wonderful, I love it! '.repeat(30_000)}`;
    expect(s(long, 'en')).toEqual(s(long.slice(0, 5000), 'en'));
    expect(s(long, 'en').label).toBe('negative');
  });
});

describe('tokenize (hand-written scanner)', () => {
  const texts = (t: string) => tokenize(t, 'fr');
  it('reads emoticons only where they do not touch a word', () => {
    expect(texts('xD lolxD D: ok').tokens.map((x) => x.text)).toEqual(['xD', 'lolxd', 'D:', 'ok']);
  });
  it('drops URLs (bare http of anonymised tweets too) and handles, not e-mail parts', () => {
    const r = texts('see http://t.co/x http www.a.fr mail a@b.fr @acme_1');
    expect(r.urls).toBe(3);
    expect(r.handles).toBe(1);
    expect(r.tokens.map((x) => x.text)).toEqual(['see', 'mail', 'a', 'b', '.', 'fr']);
  });
  it('keeps joined emoji whole, drops skin tones and variation selectors, normalises punctuation', () => {
    expect(texts('👨‍👩‍👧 👍🏽❤️ !!?? .. … ,').tokens.map((x) => x.text)).toEqual(['👨‍👩‍👧', '👍', '❤', '!!', '...', '...', ',']);
  });
  it('splits hashtags (full-width # too) and French elisions', () => {
    const r = texts("#Top_Deal ＃Génial n'est pas l’eau");
    expect(r.hashtags).toEqual(['top_deal', 'genial']);
    expect(r.tokens.map((x) => x.text)).toEqual(['top', 'deal', 'genial', 'n', 'est', 'pas', 'l', 'eau']);
  });
});

describe('features (model 1.2.0)', () => {
  const common = (spec: FeatureSpec): number => {
    const of = (lang: string) => new Set(copyFeatures(extractFeatures(analyse('excelente', lang), lang, spec)).idx);
    const es = of('es');
    return [...of('pt')].filter((i) => es.has(i)).length;
  };
  it('shares character 4-grams across languages and tags 3-grams with the language', () => {
    const base: FeatureSpec = { bits: 19, charGrams: [3], bigrams: true, lexBuckets: true };
    // "<excelente>" has 8 character 4-grams: each becomes one feature Spanish and Portuguese share.
    expect(common({ ...base, sharedCharGrams: [4] }) - common(base)).toBe(8);
    expect(common({ ...base, charGrams: [3, 4] })).toBe(common(base));
  });
  it('counts the links and @handles the tokens leave out', () => {
    const a = analyse('@user @acme look at this http://t.co/x', 'en');
    expect([a.urls, a.handles]).toEqual([1, 2]);
    const spec = sentimentModel().header.spec;
    const n = (text: string) => extractFeatures(analyse(text, 'en'), 'en', spec).length;
    // The link cue, shared and tagged with the language.
    expect(n('look at this http')).toBe(n('look at this') + 2);
  });
});
