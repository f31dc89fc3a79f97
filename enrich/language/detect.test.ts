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

describe('scripts that name one language', () => {
  // [language, a short title, a long text]: the letters decide, whatever the length.
  const texts: Array<[string, string, string]> = [
    ['he', 'שלום', 'שירות הלקוחות של החברה הזאת באמת גרוע, אני מחכה כבר שעתיים לתשובה ואף אחד לא עונה לטלפון'],
    ['el', 'Γεια', 'Η εξυπηρέτηση πελατών αυτής της εταιρείας είναι πραγματικά κακή, περιμένω δύο ώρες'],
    ['th', 'สวัสดี', 'บริการลูกค้าของบริษัทนี้แย่มาก ฉันรอมาสองชั่วโมงแล้วยังไม่มีใครตอบ'],
    ['ka', 'გამარჯობა', 'ამ კომპანიის მომხმარებელთა მომსახურება ნამდვილად ცუდია, ორი საათია ველოდები'],
    ['hy', 'Բարեւ', 'Այս ընկերության հաճախորդների սպասարկումն իսկապես վատն է, երկու ժամ է սպասում եմ'],
    ['ko', '안녕', '이 회사의 고객 서비스는 정말 형편없어요. 두 시간째 기다리고 있어요'],
    ['ja', 'ありがとう', 'この会社のカスタマーサービスは本当にひどいです。二時間も待っています'],
    ['bn', 'নমস্কার', 'এই কোম্পানির গ্রাহক সেবা সত্যিই খারাপ, আমি দুই ঘণ্টা ধরে অপেক্ষা করছি'],
    ['ta', 'வணக்கம்', 'இந்த நிறுவனத்தின் வாடிக்கையாளர் சேவை மிகவும் மோசமாக உள்ளது, இரண்டு மணி நேரமாக காத்திருக்கிறேன்'],
    ['pa', 'ਸਤ ਸ੍ਰੀ ਅਕਾਲ', 'ਇਸ ਕੰਪਨੀ ਦੀ ਗਾਹਕ ਸੇਵਾ ਸੱਚਮੁੱਚ ਮਾੜੀ ਹੈ, ਮੈਂ ਦੋ ਘੰਟਿਆਂ ਤੋਂ ਉਡੀਕ ਕਰ ਰਿਹਾ ਹਾਂ'],
    ['gu', 'નમસ્તે', 'આ કંપનીની ગ્રાહક સેવા ખરેખર ખરાબ છે, હું બે કલાકથી રાહ જોઈ રહ્યો છું'],
    ['te', 'నమస్కారం', 'ఈ కంపెనీ కస్టమర్ సర్వీస్ నిజంగా చెడ్డది, నేను రెండు గంటలుగా ఎదురు చూస్తున్నాను'],
    ['kn', 'ನಮಸ್ಕಾರ', 'ಈ ಕಂಪನಿಯ ಗ್ರಾಹಕ ಸೇವೆ ನಿಜವಾಗಿಯೂ ಕೆಟ್ಟದಾಗಿದೆ, ನಾನು ಎರಡು ಗಂಟೆಗಳಿಂದ ಕಾಯುತ್ತಿದ್ದೇನೆ'],
    ['ml', 'നമസ്കാരം', 'ഈ കമ്പനിയുടെ കസ്റ്റമർ സർവീസ് ശരിക്കും മോശമാണ്, ഞാൻ രണ്ട് മണിക്കൂറായി കാത്തിരിക്കുന്നു'],
    ['si', 'ආයුබෝවන්', 'මෙම සමාගමේ පාරිභෝගික සේවාව ඇත්තෙන්ම නරකයි, මම පැය දෙකක් තිස්සේ බලා සිටිමි'],
    ['km', 'ជំរាបសួរ', 'សេវាកម្មអតិថិជនរបស់ក្រុមហ៊ុននេះពិតជាអាក្រក់ណាស់ ខ្ញុំរង់ចាំពីរម៉ោងហើយ'],
    ['lo', 'ສະບາຍດີ', 'ການບໍລິການລູກຄ້າຂອງບໍລິສັດນີ້ບໍ່ດີແທ້ໆ ຂ້ອຍລໍຖ້າມາສອງຊົ່ວໂມງແລ້ວ'],
    ['my', 'မင်္ဂလာပါ', 'ဒီကုမ္ပဏီရဲ့ ဖောက်သည်ဝန်ဆောင်မှုက တကယ်ဆိုးတယ်၊ နှစ်နာရီလောက် စောင့်နေရတယ်'],
    ['am', 'ሰላም', 'የዚህ ኩባንያ የደንበኞች አገልግሎት በጣም መጥፎ ነው፣ ለሁለት ሰዓታት እየጠበቅሁ ነው'],
  ];
  for (const [code, short, long] of texts) {
    it(`${code}: short and long texts, listed among the candidates or not, whatever the declared language`, () => {
      for (const text of [short, long]) {
        for (const c of [candidates, [...candidates, code], ['en', code, 'ru', 'zh']]) {
          const g = detectLanguage(text, { candidates: c, declared: 'en' });
          expect(g, `${text} among ${c.join(',')}`).toMatchObject({ code, method: 'script' });
          expect(g.confidence).toBeGreaterThanOrEqual(0.9);
        }
      }
    });
  }

  it('a syllable is a signal (を, 네); one letter of an alphabet is not', () => {
    expect(detectLanguage('を', { candidates }).code).toBe('ja');
    expect(detectLanguage('네', { candidates }).code).toBe('ko');
    expect(detectLanguage('ש', { candidates }).code).toBe('und');
    expect(detectLanguage('π', { candidates }).code).toBe('und');
  });

  it('Japanese is kana with kanji; kanji alone are shared with Chinese and keep the detector', () => {
    expect(detectLanguage('東京都知事選の結果', { candidates })).toMatchObject({ code: 'ja', method: 'script' });
    expect(detectLanguage('東京', { candidates }).code).toBe('und');
    expect(detectLanguage('東京', { candidates: [...candidates, 'zh', 'ja'] }).method).toMatch(/^eld/);
  });

  it('a brand name in Latin letters beside the script: the script holding most letters names the language, less surely', () => {
    const g = detectLanguage('Η LG ξεκίνησε να διαθέτει την αναβάθμιση Android Lollipop', { candidates });
    expect(g).toMatchObject({ code: 'el', method: 'script' });
    expect(g.confidence).toBeLessThan(0.9);
    expect(detectLanguage('מבצע חדש היום ב-Acme', { candidates }).code).toBe('he');
  });

  it('half and half is a mixed text: the detector decides, as before', () => {
    expect(detectLanguage('Acme שלום', { candidates }).method).not.toBe('script');
    expect(detectLanguage("J'adore le mot grec λόγος", { candidates }).code).toBe('fr');
  });

  it('two candidates sharing the script (Hebrew and Yiddish) are told apart by the detector', () => {
    expect(detectLanguage('איך האב דיך ליב און איך וויל דיר זאגן', { candidates: ['he', 'yi'] })).toMatchObject({ code: 'yi', method: 'franc-6.2.0' });
    expect(detectLanguage('שלום לכולם, מה שלומכם היום', { candidates: ['he', 'yi'] }).code).toBe('he');
  });

  it('shared scripts (Cyrillic, Devanagari, Han, Arabic) need a candidate written in them', () => {
    for (const text of ['Привет', 'नमस्ते', '你好', 'خدمة العملاء']) expect(detectLanguage(text, { candidates: ['fr', 'en'] }).code, text).toBe('und');
    // A Cyrillic text is not Hebrew because Hebrew is the only non-Latin candidate.
    expect(detectLanguage('Привет, как дела', { candidates: ['fr', 'en', 'he'] }).code).toBe('und');
    expect(detectLanguage('Привет, как дела', { candidates: ['fr', 'en', 'he', 'ru'] }).code).toBe('ru');
    expect(detectLanguage('Привіт, як справи', { candidates: ['ru', 'uk'] }).method).toMatch(/^eld/);
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
