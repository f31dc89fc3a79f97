import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect.ts';
import { languageEnricher, DEFAULT_LANGUAGES } from './enricher.ts';
import { stripNoise } from './clean.ts';
import { compileEldModel } from './eld-model.ts';
import { eldScores } from './eld-score.ts';
import { compileWordModel } from './words.ts';
import type { RawMention } from '../../core/mention.ts';
import { silentLogger } from '../../core/logger.ts';
import { systemClock } from '../../core/clock.ts';
import { Metrics } from '../../core/metrics.ts';

const candidates = [...DEFAULT_LANGUAGES];

describe('detectLanguage', () => {
  it('recognises French, English, Spanish, German, Italian, Portuguese and Dutch tweets', () => {
    const cases: Array<[string, string]> = [
      ["Le service client de cette compagnie est vraiment nul, j'attends depuis deux heures", 'fr'],
      ['The customer service of this company is really bad, I have been waiting for two hours', 'en'],
      ['El servicio al cliente de esta empresa es muy malo, llevo dos horas esperando', 'es'],
      ['Der Kundenservice dieser Firma ist wirklich schlecht, ich warte seit zwei Stunden', 'de'],
      ['Il servizio clienti di questa azienda è davvero pessimo, aspetto da due ore', 'it'],
      ['O atendimento ao cliente desta empresa é muito ruim, estou esperando há duas horas', 'pt'],
      ['De klantenservice van dit bedrijf is echt slecht, ik wacht al twee uur', 'nl'],
    ];
    for (const [text, lang] of cases) expect(detectLanguage(text, { candidates }).code, text).toBe(lang);
  });

  it('decides Arabic by its script, presentation forms included', () => {
    expect(detectLanguage('خدمة العملاء سيئة جدا', { candidates })).toMatchObject({ code: 'ar', method: 'script' });
    expect(detectLanguage('ﺍﻵﻥ ﻳﻨﻬﺾ ﺗﺤﺪﻱ ﺇﻳﺮﺍﻥ', { candidates }).code).toBe('ar');
    // Latin-script hashtags outnumbering the Arabic letters do not make the tweet Latin-script.
    expect(detectLanguage('خدمة العملاء سيئة جدا #CustomerServiceFail #NeverAgainAirline', { candidates }).code).toBe('ar');
    expect(detectLanguage('Customer service is bad today #خدمة', { candidates }).code).toBe('en');
  });

  it('gives und with confidence 0 for text with no signal, without throwing', () => {
    for (const text of ['', '   ', '@user @user http', 'https://example.com/x?y=1', '😂😂😂 🔥', '#', '12345 !!!', 'a']) {
      expect(detectLanguage(text, { candidates }), JSON.stringify(text)).toEqual({ code: 'und', confidence: 0, method: 'no-signal' });
    }
    expect(detectLanguage('bonjour', { candidates: [] }).code).toBe('und');
  });

  it('chooses among the candidates only', () => {
    const text = 'Der Kundenservice dieser Firma ist wirklich schlecht';
    expect(detectLanguage(text, { candidates: ['fr', 'en'] }).code).toMatch(/^(fr|en)$/);
    expect(detectLanguage(text, { candidates: ['fr', 'de'] }).code).toBe('de');
    // Arabic text with only Latin-script candidates: none fits.
    expect(detectLanguage('خدمة العملاء سيئة جدا', { candidates: ['fr', 'en'] }).code).toBe('und');
  });

  it('lets the declared language decide ambiguous short texts, not clear ones', () => {
    expect(detectLanguage('super', { candidates, declared: 'fr' }).code).toBe('fr');
    expect(detectLanguage('super', { candidates, declared: 'de' }).code).toBe('de');
    expect(detectLanguage('The customer service is really bad today', { candidates, declared: 'fr' }).code).toBe('en');
    // A declared language that is not a candidate is no prior.
    expect(detectLanguage('The customer service is really bad today', { candidates, declared: 'ja' }).code).toBe('en');
  });

  it('ignores URLs, handles and hashtag marks, and splits hashtags at case changes', () => {
    expect(stripNoise('RT @acme: super #MasterChefBR http://t.co/x')).not.toMatch(/acme|http|#/);
    expect(stripNoise('#MasterChefBR')).toContain('Master Chef BR');
    expect(detectLanguage('@user @user Estou muito ansiosa pelo programa de hoje #MasterChefBR http', { candidates }).code).toBe('pt');
  });

  it('is more confident on a sentence than on two words', () => {
    const long = detectLanguage("Je ne comprends pas pourquoi le service client ne répond jamais aux messages", { candidates });
    const short = detectLanguage('tonto', { candidates });
    expect(long.confidence).toBeGreaterThan(0.9);
    expect(short.confidence).toBeLessThan(long.confidence);
    expect(long.confidence).toBeLessThanOrEqual(1);
  });
});

describe('word evidence', () => {
  const latin = ['de', 'en', 'es', 'fr', 'it', 'nl', 'pt'];
  let model: ReturnType<typeof compileEldModel> | undefined;
  const eldOnly = (text: string): string => {
    model ??= compileEldModel(latin);
    const { sums } = eldScores(model, text);
    return latin[sums.indexOf(Math.max(...sums))]!;
  };

  it('settles two-word Spanish/Portuguese texts that n-grams alone get wrong', () => {
    const cases: Array<[string, string]> = [
      ['aplicativo travando', 'pt'],
      ['suporte lento', 'pt'],
      ['factura incorrecta', 'es'],
      ['cobro indebido', 'es'],
    ];
    for (const [text, lang] of cases) {
      expect(eldOnly(text), text).not.toBe(lang);
      expect(detectLanguage(text, { candidates }), text).toMatchObject({ code: lang, method: 'eld-2.1.0+wordfreq-3.1.1' });
    }
  });

  it('looks words up whole, ß as ss and elided articles apart, as wordfreq counts them', () => {
    const words = compileWordModel(latin)!;
    const weightsOf = (w: string): number[] => {
      const bytes = new TextEncoder().encode(w);
      const row = words.lookup(bytes, 0, bytes.length);
      return row < 0 ? [] : [...words.weights.subarray(row, row + latin.length)];
    };
    expect(weightsOf('straße')).toEqual(weightsOf('strasse'));
    expect(weightsOf('straße')[0]).toBeGreaterThan(0);
    expect(weightsOf('the')[1]).toBeGreaterThan(weightsOf('the')[0]!);
    expect(weightsOf('zzqxw')).toEqual([]);
    const fr = latin.indexOf('fr');
    model ??= compileEldModel(latin);
    const { words: l } = eldScores(model, "l'homme", words);
    const whole = l[fr]!;
    expect(whole).toBe(weightsOf('l')[fr]! + weightsOf('homme')[fr]!);
  });

  it('is left out for candidate sets words.txt does not cover (ELD n-grams alone)', () => {
    expect(compileWordModel(['fr', 'sv'])).toBeUndefined();
    expect(detectLanguage('Jag förstår inte varför kundtjänsten aldrig svarar', { candidates: ['sv', 'fr', 'en'] }))
      .toMatchObject({ code: 'sv', method: 'eld-2.1.0' });
  });
});

describe('languageEnricher', () => {
  const ctx = { logger: silentLogger(), clock: systemClock, metrics: new Metrics() };
  const mention = (text: string, lang?: string): RawMention => ({
    schemaVersion: 1, id: 'x:1', source: { kind: 'test' }, publishedAt: '2024-01-01T00:00:00Z', text, ...(lang ? { lang } : {}),
  });

  it('defaults to the 8 languages and fills the lang field', () => {
    const cfg = languageEnricher.config.parse({});
    expect(cfg.languages).toEqual(['fr', 'en', 'es', 'de', 'it', 'pt', 'nl', 'ar']);
    const e = languageEnricher.create(cfg, ctx);
    expect(e.field).toBe('lang');
    expect(e.enrich(mention("C'est vraiment génial, merci à toute l'équipe!"), {})).toMatchObject({ code: 'fr', method: 'eld-2.1.0+wordfreq-3.1.1' });
  });

  it('rejects a malformed language list', () => {
    expect(languageEnricher.config.safeParse({ languages: ['french'] }).success).toBe(false);
    expect(languageEnricher.config.safeParse({ languages: [] }).success).toBe(false);
    expect(languageEnricher.config.safeParse({ languages: ['fr'], extra: 1 }).success).toBe(false);
  });
});

describe('eldScores', () => {
  it('gives the scores of ELD 2.1.0 itself (restricted to the candidates), on hard inputs too', async () => {
    const { eld } = await import('eld/large');
    const latin = ['de', 'en', 'es', 'fr', 'it', 'nl', 'pt'];
    eld.setLanguageSubset(latin);
    const model = compileEldModel(latin);
    const texts = [
      "l'îlot d'aujourd'hui, rock 'n' roll… ''quoted'' end'",
      'ÇA VA? Ärger über die Straße — İstanbul ǅemal x\u0301y 🎉🎉 ok',
      'a b c d e f',
      'Supercalifragilisticexpialidocious'.repeat(4),
      `${'palavra '.repeat(60)}fim`,
      '',
      '123 !!! ...',
    ];
    for (const text of texts) {
      const ref = eld.detect(text).getScores() as Record<string, number>;
      const { sums, ngrams } = eldScores(model, text);
      latin.forEach((lang, c) => {
        const avg = ngrams > 0 && sums[c]! > 0 ? sums[c]! / ngrams : 0;
        expect(avg > 0 ? avg / (avg + 25) : 0, `${lang}: ${text.slice(0, 30)}`).toBeCloseTo(ref[lang] ?? 0, 9);
      });
    }
  });
});
