/**
 * Generated crisis scenarios for `npm run bench:crisis`: seeded, so every run (and every
 * reviewer) gets the same mentions. Each scenario is a week of ordinary traffic for the brand
 * "Acme" (and its competitor "Zenith") with a day/night and weekday rhythm in Montréal time,
 * then one event. `calmWeeks` (default 1) adds whole weeks of ordinary traffic before that week,
 * so the event keeps its date and weekday and the detectors meet it in their steady state (the
 * level track of `volume_surge` judges only after a week of history). Three brand sizes:
 *
 * | size  | ordinary volume        | crisis scale g |
 * |-------|------------------------|----------------|
 * | shop  | 1 mention an hour      | 0.4            |
 * | brand | 18 an hour (issue #15) | 1              |
 * | bank  | 100 per 5 minutes      | (1200/18)^0.75 ≈ 23 |
 *
 * A crisis of scale g adds about 5·g, 12·g and 50·g mentions in its first 5, 10 and 20 minutes
 * (the shape reported in issue #15), ~1,250·g in its first hour, then fades over three hours;
 * bigger brands get bigger crises, less than proportionally. Events (all on the Saturday at
 * 14:00 local unless said otherwise):
 *
 * - `burst`: that crisis, 75 % negative, 60 % of it reposts of five news posts by other accounts.
 * - `slow-build`: extra volume rising linearly to twice the ordinary rate over six hours.
 * - `repost-storm`: one negative post reposted by many distinct accounts (crisis shape).
 * - `bot-flood`: one account posting the same text 300·max(1, g) times in an hour (should not page).
 * - `competitor`: Zenith's crisis (3 × the crisis shape), 8 % of its mentions naming Acme in
 *   passing (should not page for Acme).
 * - `launch`: a planned peak (six times the ordinary rate for three hours, positive), declared in
 *   advance in the rules' `expected` list (should not page).
 * - `dst`: ten ordinary days across the end of daylight-saving time (1 November 2026) (should not page).
 * - `outage`: the main source ("social", 70 % of mentions) silent for three hours (no volume page).
 *
 * Mentions are generated already enriched, with `duplicateOf` set as the dedup enricher sets it
 * (a copy points at the first post with that text).
 */
import type { EnrichedMention } from '../../core/mention.ts';
import { seededRandom as rng } from '../../core/random.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const sizes = { shop: { perHour: 1, g: 0.4 }, brand: { perHour: 18, g: 1 }, bank: { perHour: 1200, g: (1200 / 18) ** 0.75 } } as const;
export type Size = keyof typeof sizes;
export const scenarioNames = ['burst', 'slow-build', 'repost-storm', 'bot-flood', 'competitor', 'launch', 'dst', 'outage'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface Scenario {
  name: ScenarioName;
  size: Size;
  mentions: EnrichedMention[];
  /** Event start and end (ms); calm days are everything before the start. */
  start: number;
  end: number;
  /** Whether the on-call person should be paged for Acme. */
  shouldPage: boolean;
  /** Peaks the user declared in advance (launch). */
  expected: Array<{ from: string; to: string }>;
  until: number;
}

function poisson(r: () => number, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 50) {
    // Normal approximation (Box-Muller) is plenty at this size.
    const z = Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > l);
  return k - 1;
}

/** Gamma(shape, 1/shape): a mean-1 rate multiplier with variance 1/shape (Marsaglia-Tsang). */
function gammaMult(r: () => number, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    if (Math.log(r() || 1e-12) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / shape;
  }
}

/** Hour-of-day shape in local time (mean 1): quiet nights, busy days. */
const DAY_SHAPE = (() => {
  const raw = [0.3, 0.2, 0.15, 0.15, 0.2, 0.3, 0.6, 1, 1.3, 1.5, 1.6, 1.6, 1.6, 1.5, 1.5, 1.5, 1.5, 1.4, 1.4, 1.3, 1.2, 1, 0.7, 0.45];
  const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
  return raw.map((x) => x / mean);
})();
const WEEK_SHAPE = [0.85, 1.05, 1.05, 1.05, 1.05, 1.05, 0.9];

const localFmt = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Montreal', hourCycle: 'h23', weekday: 'short', hour: 'numeric' });
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
function localSlot(t: number): [number, number] {
  let hod = 0;
  let dow = 0;
  for (const p of localFmt.formatToParts(new Date(t))) {
    if (p.type === 'hour') hod = Number(p.value) % 24;
    if (p.type === 'weekday') dow = WEEKDAYS.indexOf(p.value);
  }
  return [hod, dow];
}

const TEXTS = {
  neutral: ['Quelqu’un a essayé le nouveau produit Acme?', 'Acme ouvre une boutique à Laval', 'Anyone tried the new Acme blender?', 'Acme store hours this weekend?', 'Vu une pub Acme ce matin'],
  positive: ['J’adore mon Acme, super qualité', 'Great service at Acme today', 'Acme livraison rapide, merci!', 'Love the new Acme colours'],
  negative: ['Service client Acme encore lent', 'My Acme order is late again', 'Déçu de mon achat Acme', 'Acme app keeps crashing'],
  crisis: ['RAPPEL: Acme rappelle ses mélangeurs, risque de brûlure', 'Acme recall: blenders can overheat and burn', 'Acme cache des défauts depuis des mois? #AcmeRappel', 'Boycott Acme after the recall', 'Intoxication? Acme rappelle un lot de jus'],
  zenith: ['Zenith rappelle ses batteries, risque d’incendie', 'Zenith battery recall: fire risk', 'Zenith scandal grows #ZenithGate', 'Boycott Zenith'],
  passing: ['Zenith recall: good thing I bought Acme', 'Rappel Zenith, au moins Acme n’est pas touché', 'Zenith fiasco, Acme and others watch closely'],
  launch: ['Le nouvel Acme X est là! #AcmeX', 'Acme X launch event live now #AcmeX', 'Acme X looks amazing #AcmeX', 'En ligne pour le lancement Acme X #AcmeX'],
};

interface Gen {
  r: () => number;
  out: EnrichedMention[];
  seq: number;
  prefix: string;
}

interface Opts {
  author: string;
  text: string;
  label: 'negative' | 'neutral' | 'positive';
  brands?: Array<{ name: string; role: 'brand' | 'competitor' }>;
  source?: string;
  duplicateOf?: string;
  hashtags?: string[];
}

function emit(g: Gen, t: number, o: Opts): string {
  const id = `gen:${g.prefix}:${++g.seq}`;
  const at = new Date(t).toISOString();
  const score = o.label === 'negative' ? -0.6 : o.label === 'positive' ? 0.6 : 0;
  g.out.push({
    schemaVersion: 1,
    id,
    source: { kind: 'gen', name: o.source ?? pickSource(g.r) },
    url: `https://example.org/${g.prefix}/${g.seq}`,
    publishedAt: at,
    text: o.text,
    author: { handle: o.author },
    lang: { code: /[éèêàçù’]/.test(o.text) ? 'fr' : 'en', confidence: 0.9 },
    sentiment: { score, label: o.label, method: 'gen' },
    matches: o.brands ?? [{ name: 'Acme', role: 'brand' }],
    influence: { score: Math.floor(g.r() * 60), reach: 100 },
    entities: { hashtags: o.hashtags ?? (o.text.match(/#\w+/g) ?? []).map((h) => h.slice(1).toLowerCase()), handles: [], urls: [], domains: [] },
    duplicateOf: o.duplicateOf,
    enrichedAt: at,
  });
  return id;
}

function pickSource(r: () => number): string {
  const x = r();
  return x < 0.7 ? 'social' : x < 0.9 ? 'forum-quebec' : 'news-fr';
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function label(r: () => number, negShare: number): 'negative' | 'neutral' | 'positive' {
  const x = r();
  return x < negShare ? 'negative' : x < negShare + (1 - negShare) * 0.35 ? 'positive' : 'neutral';
}

/** Ordinary traffic for one watch entry over [from, to): per-hour gamma noise, Poisson minutes. */
function ordinary(g: Gen, from: number, to: number, perHour: number, brand: { name: string; role: 'brand' | 'competitor' }, skip?: (t: number, source: string) => boolean): void {
  const recent: Array<{ id: string; text: string; label: Opts['label'] }> = [];
  const pool = Math.max(40, Math.round(perHour * 30));
  for (let h = from; h < to; h += HOUR) {
    const [hod, dow] = localSlot(h);
    const rate = perHour * DAY_SHAPE[hod]! * WEEK_SHAPE[dow]! * gammaMult(g.r, 30);
    const n = poisson(g.r, rate);
    for (let i = 0; i < n; i++) {
      const t = h + Math.floor(g.r() * HOUR);
      const source = pickSource(g.r);
      if (skip?.(t, source)) continue;
      const author = `${brand.name.toLowerCase()}fan${Math.floor(g.r() * pool)}`;
      const shared = g.r() < 0.03;
      const brands = shared ? [brand, brand.name === 'Acme' ? { name: 'Zenith', role: 'competitor' as const } : { name: 'Acme', role: 'brand' as const }] : [brand];
      if (recent.length > 0 && g.r() < 0.05) {
        const orig = pick(g.r, recent);
        emit(g, t, { author, text: orig.text, label: orig.label, brands, source, duplicateOf: orig.id });
        continue;
      }
      const l = label(g.r, 0.15);
      const text = `${pick(g.r, TEXTS[l]).replace('Acme', brand.name)} (${g.seq})`;
      const id = emit(g, t, { author, text, label: l, brands, source });
      recent.push({ id, text, label: l });
      if (recent.length > 20) recent.shift();
    }
  }
}

/** Extra mentions per minute of the crisis shape at minute m (scale g): 5/12/50 in 5/10/20 min. */
function crisisRate(m: number, g: number): number {
  const base = m < 5 ? 1 : m < 10 ? 1.4 : m < 20 ? 3.8 : m < 60 ? 30 : 30 * Math.exp(-(m - 60) / 60);
  return base * g;
}

/** Adds a crisis from `t0` for `minutes`; `make` turns each extra mention into options. */
function crisis(g: Gen, t0: number, scale: number, minutes: number, make: (t: number, i: number) => Opts): void {
  let i = 0;
  for (let m = 0; m < minutes; m++) {
    const n = poisson(g.r, crisisRate(m, scale));
    for (let k = 0; k < n; k++) {
      const t = t0 + m * MIN + Math.floor(g.r() * MIN);
      emit(g, t, make(t, i++));
    }
  }
}

/** Longest calm stretch `generate` accepts, in weeks (a bank's week is about 200,000 mentions). */
export const MAX_CALM_WEEKS = 12;

/**
 * Every scenario at every size (or the named ones), generated one at a time: a bank's week is
 * large. `calmWeeks` is the number of weeks of ordinary traffic before the event's week ends
 * (1 to MAX_CALM_WEEKS); the same seed and `calmWeeks` always give the same mentions.
 */
export function* generate(seed = 15, only?: { names?: readonly string[]; sizes?: readonly string[] }, calmWeeks = 1): Generator<Scenario> {
  if (!Number.isInteger(calmWeeks) || calmWeeks < 1 || calmWeeks > MAX_CALM_WEEKS) throw new RangeError(`calm weeks must be a whole number from 1 to ${MAX_CALM_WEEKS}, got ${calmWeeks}`);
  let k = 0;
  for (const size of Object.keys(sizes) as Size[]) {
    for (const name of scenarioNames) {
      k++;
      if (only?.names && !only.names.includes(name)) continue;
      if (only?.sizes && !only.sizes.includes(size)) continue;
      yield build(name, size, seed * 1000 + k, calmWeeks);
    }
  }
}

function build(name: ScenarioName, size: Size, seed: number, calmWeeks: number): Scenario {
  const { perHour, g: scale } = sizes[size];
  const gen: Gen = { r: rng(seed), out: [], seq: 0, prefix: `${name}-${size}` };
  // Sunday 15 November 2026, 00:00 in Montréal (UTC-5); the event on Saturday 21 at 14:00.
  let from = Date.parse('2026-11-15T05:00:00Z');
  let start = from + 6 * DAY + 14 * HOUR;
  if (name === 'dst') {
    from = Date.parse('2026-10-25T04:00:00Z');
    start = from + 10 * DAY;
  }
  if (name === 'launch') start = from + 2 * DAY + 10 * HOUR;
  const until = name === 'dst' ? start : from + 8 * DAY;
  // Extra calm weeks go before the first one: the event keeps its date, weekday and hour.
  from -= (calmWeeks - 1) * 7 * DAY;
  let end = start + 6 * HOUR;
  let shouldPage = false;
  const expected: Scenario['expected'] = [];
  const skip = name === 'outage' ? (t: number, source: string) => source === 'social' && t >= start && t < start + 3 * HOUR : undefined;
  ordinary(gen, from, until, perHour, { name: 'Acme', role: 'brand' }, skip);
  ordinary(gen, from, until, perHour, { name: 'Zenith', role: 'competitor' }, skip);
  const newAuthor = (i: number): string => `${name}voice${i}`;
  switch (name) {
    case 'burst': {
      shouldPage = true;
      // The first five mentions are the news posts everyone then reposts or quotes.
      const news: Array<{ text: string; id: string }> = [];
      crisis(gen, start, scale, 240, (_t, i) => {
        if (news.length < TEXTS.crisis.length) {
          const text = TEXTS.crisis[news.length]!;
          news.push({ text, id: `gen:${gen.prefix}:${gen.seq + 1}` });
          return { author: `newsroom${news.length}`, text, label: 'negative' };
        }
        if (gen.r() < 0.6) {
          const n = pick(gen.r, news);
          return { author: newAuthor(i), text: n.text, label: 'negative', duplicateOf: n.id };
        }
        const l = gen.r() < 0.75 ? 'negative' : 'neutral';
        return { author: newAuthor(i), text: `${pick(gen.r, TEXTS.crisis)} ${i}`, label: l };
      });
      break;
    }
    case 'slow-build': {
      shouldPage = true;
      for (let m = 0; m < 8 * 60; m++) {
        const extra = (perHour / 60) * 2 * Math.min(1, m / 360);
        for (let k = poisson(gen.r, extra); k > 0; k--) emit(gen, start + m * MIN + Math.floor(gen.r() * MIN), { author: newAuthor(gen.seq), text: `${pick(gen.r, TEXTS.negative)} ${gen.seq}`, label: label(gen.r, 0.5) });
      }
      end = start + 8 * HOUR;
      break;
    }
    case 'repost-storm': {
      shouldPage = true;
      const text = 'Acme a caché le défaut pendant des mois, honteux';
      const orig = `gen:${gen.prefix}:${gen.seq + 1}`;
      crisis(gen, start, scale, 240, (_t, i) => (i === 0 ? { author: 'whistleblower', text, label: 'negative' } : { author: newAuthor(i), text, label: 'negative', duplicateOf: orig }));
      break;
    }
    case 'bot-flood': {
      const text = 'ACME ARNAQUE!!! ne payez pas acme-scam.example';
      const orig = emit(gen, start, { author: 'bot4242', text, label: 'negative' });
      const n = Math.round(300 * Math.max(1, scale));
      for (let i = 0; i < n; i++) emit(gen, start + Math.floor((i * HOUR) / n), { author: 'bot4242', text, label: 'negative', duplicateOf: orig });
      end = start + HOUR;
      break;
    }
    case 'competitor': {
      crisis(gen, start, 3 * scale, 240, () => {
        if (gen.r() < 0.08) return { author: newAuthor(gen.seq), text: `${pick(gen.r, TEXTS.passing)} ${gen.seq}`, label: 'negative', brands: [{ name: 'Zenith', role: 'competitor' }, { name: 'Acme', role: 'brand' }] };
        return { author: newAuthor(gen.seq), text: `${pick(gen.r, TEXTS.zenith)} ${gen.seq}`, label: 'negative', brands: [{ name: 'Zenith', role: 'competitor' }] };
      });
      break;
    }
    case 'launch': {
      end = start + 3 * HOUR;
      expected.push({ from: new Date(start).toISOString(), to: new Date(end).toISOString() });
      for (let m = 0; m < 180; m++) {
        for (let k = poisson(gen.r, (perHour / 60) * 5); k > 0; k--) emit(gen, start + m * MIN + Math.floor(gen.r() * MIN), { author: newAuthor(gen.seq), text: `${pick(gen.r, TEXTS.launch)} ${gen.seq}`, label: gen.r() < 0.1 ? 'negative' : 'positive' });
      }
      break;
    }
    case 'dst':
      end = start;
      break;
    case 'outage':
      end = start + 3 * HOUR;
      break;
  }
  gen.out.sort((a, b) => (a.publishedAt < b.publishedAt ? -1 : a.publishedAt > b.publishedAt ? 1 : 0));
  return { name, size, mentions: gen.out, start, end, shouldPage, expected, until };
}
