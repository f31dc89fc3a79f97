import type { EnrichedMention } from '../../../core/mention.ts';
import { Series, type SeriesState } from '../../window.ts';
import { ScopedRule, fmtDuration, iso, r3, type Firing } from '../base.ts';
import { CUSUM_K, thresholds, type Thresholds } from './budget.ts';
import type { VolumeSurgeConfig } from './config.ts';
import { expectedBetween, fitSeason, rateVar, slotsIn, type Season, type SlotOf } from './season.ts';
import { learnLevel, levelResidual, levelSpread, levelTail, levelWarmUp, type LevelTrack } from './level.ts';
import { midCdf, normalQuantile, upperTail } from './stats.ts';

const MIN_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** The slow-rise track sums 15-minute counts. */
const CUSUM_BUCKET_MS = 15 * MIN_MS;
/** The level track, once over its threshold, holds while its tail is within this factor of it. */
const LEVEL_HOLD = 10;
/** Completed windows are learned from this long after they end (mentions arrive a little late). */
const LEARN_LAG_MS = 2 * MIN_MS;
/**
 * Dispersion learned online per window length, by quantile tracking: after each completed window
 * it grows when the count lay beyond the model's upper `DISPERSION_LEVEL` quantile and shrinks
 * a little otherwise, so that in the long run exactly that share of ordinary windows lie beyond
 * it. Matching the tail rather than the variance matters: social volume has heavier tails
 * (retweet cascades) than any variance-matched negative binomial.
 */
const DISPERSION_LEVEL = 0.005;
const DISPERSION_STEP = 0.1;
const DISPERSION_START = 0.1;
const DISPERSION_MIN = 0.001;
const DISPERSION_MAX = 4;

/**
 * Beyond the tracked quantile the rule does not trust the negative binomial's shape. If the model
 * were right, a window's surprise -ln(tail probability) would be exponential with scale 1; social
 * volume's is heavier (3 to 5 on the 5-minute windows of ticker series). Its excesses over
 * -ln(DISPERSION_LEVEL) are averaged per window length (the exponential tail's maximum-likelihood
 * scale: peaks over threshold), starting from TAIL_PRIOR pseudo-excesses of 1 (the model's own
 * belief) and fading after TAIL_MEMORY excesses, so the budget's threshold is read on the scope's
 * own tail.
 */
const TAIL_PRIOR = 5;
const TAIL_MEMORY = 50;

/** What the rule learns about one window length: its dispersion, its tail scale, and where it stopped. */
interface Learner {
  phi: number;
  /** Scale of the surprise's excesses beyond the tracked quantile (1 when the model's tail is right). */
  scale: number;
  /** Excesses seen (capped at TAIL_MEMORY: older ones fade). */
  seen: number;
  /** Start (ms) of the next disjoint window to learn from. */
  next: number;
}

interface Cusum {
  s: number;
  /** Start of the current rise (ms), its voices and expected count so far. */
  from?: number;
  x: number;
  mu: number;
}

interface SurgeState {
  series: Series;
  hourly: Map<number, number>;
  first: number;
  learners: Map<number, Learner>;
  cusum: Cusum;
  level: LevelTrack;
  /** Fits of the seasonal rate for the hour `hour`, ending `lag` hours before it (recomputed once an hour; not checkpointed). */
  fits: Map<number, { hour: number; season: Season | undefined }>;
  /** The level track was over its threshold at its last verdict (hysteresis; checkpointed). */
  levelOn?: boolean;
  /** The level track's verdict for the hour `hour` (not checkpointed). */
  levelAt?: { hour: number; test: Test | undefined };
}

interface SurgeJSON {
  first: number;
  series: SeriesState;
  hourly: Array<[number, number]>;
  learners: Array<[number, Learner]>;
  cusum: Cusum;
  level?: LevelTrack;
  levelOn?: boolean;
}

/** A window's verdict. */
interface Test {
  from: number;
  /** End of the tested stretch when it is not `now` (the level track reads whole hours). */
  to?: number;
  x: number;
  mu: number;
  p: number;
  threshold: number;
  phi: number;
  /** Learned tail scale of the window length (1: the model's own tail). */
  scale: number;
  how: 'window' | 'slow rise' | 'level';
}

/**
 * Counts voices in sliding windows and asks how surprising each count is for this scope at this
 * hour of the week: the expected rate is level × hour-of-day × day-of-week, learned online from
 * the scope's own hourly counts (in local time, so a daylight-saving change keeps the rhythm);
 * the spread is negative-binomial, its dispersion learned online per window length, widened
 * while the estimate still rests on few mentions. A count fires when its tail probability is
 * below the threshold the false-alarm budget gives. The level track (level.ts) judges the last
 * 12 whole hours against how far the scope's past days strayed from their forecast, for day-long
 * rises no window sees; a CUSUM on 15-minute counts (`slowRise`, off) is kept for comparison.
 * Nothing here depends on the brand's size.
 */
export class VolumeSurgeRule extends ScopedRule<SurgeState> {
  private readonly thr: Thresholds;
  /** Thresholds while the level track is still warming up (it cannot page: its share goes to the windows). */
  private readonly thrYoung: Thresholds;
  private readonly maxWindow: number;
  private readonly slot: SlotOf;
  /** Length of the level track's windows (0: off). */
  private readonly levelMs: number;

  constructor(private readonly cfg: VolumeSurgeConfig) {
    super(cfg, 'volume_surge');
    this.levelMs = cfg.levelWindow === 'off' ? 0 : cfg.levelWindow;
    this.thr = thresholds(cfg.falsePages, this.levelMs ? [...cfg.windows, this.levelMs] : cfg.windows, cfg.slowRise ? CUSUM_BUCKET_MS : undefined);
    this.thrYoung = thresholds(cfg.falsePages, cfg.windows, cfg.slowRise ? CUSUM_BUCKET_MS : undefined);
    this.maxWindow = Math.max(...cfg.windows);
    this.slot = slotsIn(cfg.timeZone ?? 'America/Montreal');
  }

  /** Thresholds the budget gives (for docs, tests and `vigie alerts --list`). */
  get thresholds(): Thresholds {
    return this.thr;
  }

  protected create(_scope: string, t: number): SurgeState {
    const keep = 2 * Math.max(this.maxWindow, CUSUM_BUCKET_MS) + this.common.allowedLateness + 10 * MIN_MS;
    return { series: new Series(MIN_MS, keep, this.maxWindow + this.common.allowedLateness, 0, t), hourly: new Map(), first: t, learners: new Map(), cusum: { s: 0, x: 0, mu: 0 }, level: { residuals: [], next: 0 }, fits: new Map() };
  }

  protected add(s: SurgeState, m: Readonly<EnrichedMention>, t: number): void {
    if (this.cfg.measure === 'negative' && m.sentiment.label !== 'negative') return;
    s.series.add(m, t);
    const h = Math.floor(t / HOUR_MS);
    s.hourly.set(h, (s.hourly.get(h) ?? 0) + 1);
    if (t < s.first) s.first = t;
  }

  /** Whether [from, to) touches a declared peak of this scope, or follows one by less than the longest window. */
  private inExpected(scope: string, from: number, to: number): boolean {
    return this.inPeak(scope, from, to, this.maxWindow);
  }

  /** The seasonal rate fitted on the hours up to `lag` hours before `now`'s hour. */
  private season(scope: string, s: SurgeState, now: number, lag = Math.ceil(this.maxWindow / HOUR_MS)): Season | undefined {
    const hour = Math.floor(now / HOUR_MS);
    const cached = s.fits.get(lag);
    if (cached?.hour === hour) return cached.season;
    const from = Math.max(Math.ceil(s.first / HOUR_MS), hour - Math.round(this.cfg.history / HOUR_MS));
    for (const h of s.hourly.keys()) if (h < from - 24 - Math.ceil(this.levelMs / HOUR_MS)) s.hourly.delete(h);
    // The rate that judges the last windows is fitted on the hours before them: an ongoing rise
    // must not raise its own expectation (nor a past one's last hours teach the weekday factor).
    const until = hour - lag;
    const season = from < until ? fitSeason(s.hourly, from, until, this.slot, (h) => this.inExpected(scope, h * HOUR_MS, (h + 1) * HOUR_MS)) : undefined;
    s.fits.set(lag, { hour, season });
    return season;
  }

  /**
   * The level track's verdict on the last `levelMs` of whole hours against the forecast made
   * before them (once an hour: it only reads whole hours); learns first from the disjoint window
   * that just ended.
   */
  private levelTest(scope: string, s: SurgeState, now: number): Test | undefined {
    const lagH = this.levelMs / HOUR_MS;
    const hour = Math.floor(now / HOUR_MS);
    if (s.levelAt?.hour === hour) return s.levelAt.test;
    s.levelAt = { hour, test: undefined };
    // Fitted on the hours before the window: a day-long rise must not raise its own forecast.
    const season = this.season(scope, s, now, lagH);
    if (!season) return undefined;
    const from = (hour - lagH) * HOUR_MS;
    let x = 0;
    for (let h = hour - lagH; h < hour; h++) x += s.hourly.get(h) ?? 0;
    const mu = expectedBetween(season, from, hour * HOUR_MS, this.slot);
    const r = levelResidual(x, mu);
    const skip = this.inExpected(scope, from, hour * HOUR_MS) || from < s.first + this.cfg.learnFor;
    const lv = s.level;
    const warmUp = levelWarmUp(this.levelMs);
    if (hour % lagH === 0 && hour >= lv.next) {
      lv.next = hour + lagH;
      if (!skip) learnLevel(lv, r, Math.max(warmUp, Math.round(this.cfg.history / this.levelMs)));
    }
    const wasOn = s.levelOn === true;
    s.levelOn = false;
    if (skip || x < this.cfg.minCount) return undefined;
    const p = levelTail(lv, r, warmUp);
    // Hysteresis: the verdict comes once an hour, from windows that share 11 of their 12 hours,
    // so a level near the threshold would open, leave after `resolveAfter` and open again within
    // one rise. Once over, it holds until ten times less rare.
    const threshold = this.thr.tail.at(-1)! * (wasOn ? LEVEL_HOLD : 1);
    s.levelOn = p <= threshold;
    s.levelAt.test = { from, to: hour * HOUR_MS, x, mu, p, threshold, phi: NaN, scale: NaN, how: 'level' };
    return s.levelAt.test;
  }

  /** Learns from every window (and CUSUM bucket) completed since the last evaluation. */
  private learn(scope: string, s: SurgeState, season: Season, now: number): void {
    const lengths = new Set(this.cfg.windows);
    if (this.cfg.slowRise) lengths.add(CUSUM_BUCKET_MS);
    const oldest = now - (2 * Math.max(this.maxWindow, CUSUM_BUCKET_MS) + this.common.allowedLateness);
    for (const w of lengths) {
      let l = s.learners.get(w);
      if (!l) {
        l = { phi: DISPERSION_START, scale: 1, seen: 0, next: Math.ceil(s.first / w) * w };
        s.learners.set(w, l);
      }
      if (l.next < oldest) l.next = Math.ceil(oldest / w) * w;
      while (l.next + w <= now - LEARN_LAG_MS) {
        const from = l.next;
        l.next += w;
        // While learning, the rhythm itself is still being discovered: its misses say nothing of the spread.
        if (this.inExpected(scope, from, from + w) || from < s.first + this.cfg.learnFor) continue;
        const x = s.series.sum(from / MIN_MS, (from + w) / MIN_MS - 1).n;
        const mu = expectedBetween(season, from, from + w, this.slot);
        const phi = l.phi + rateVar(season, Math.floor(from / HOUR_MS), this.slot);
        if (this.cfg.slowRise && w === CUSUM_BUCKET_MS) this.cusumStep(s.cusum, x, mu, phi, from);
        const p = upperTail(x, mu, phi);
        const beyond = p < DISPERSION_LEVEL;
        if (beyond) learnTail(l, p);
        l.phi = Math.min(DISPERSION_MAX, Math.max(DISPERSION_MIN, l.phi * Math.exp(DISPERSION_STEP * ((beyond ? 1 : 0) - DISPERSION_LEVEL))));
      }
    }
  }

  private cusumStep(c: Cusum, x: number, mu: number, phi: number, from: number): void {
    const z = normalQuantile(midCdf(x, mu, phi));
    const next = Math.max(0, c.s + z - CUSUM_K);
    if (next === 0) {
      c.from = undefined;
      c.x = 0;
      c.mu = 0;
    } else {
      if (c.from === undefined) c.from = from;
      c.x += x;
      c.mu += mu;
    }
    c.s = next;
  }

  protected check(scope: string, s: SurgeState, now: number): Firing[] {
    const c = this.cfg;
    s.series.prune(now);
    const season = this.season(scope, s, now);
    if (!season) return [];
    this.learn(scope, s, season, now);
    if (now - s.first < c.learnFor) return [];
    let best: Test | undefined;
    const thr = this.levelMs && s.level.residuals.length >= levelWarmUp(this.levelMs) ? this.thr : this.thrYoung;
    c.windows.forEach((w, i) => {
      const [f, l] = s.series.range(now, w);
      const x = s.series.sum(f, l).n;
      if (x < c.minCount || this.inExpected(scope, now - w, now)) return;
      const mu = expectedBetween(season, now - w, now, this.slot);
      const phi = (s.learners.get(w)?.phi ?? DISPERSION_START) + rateVar(season, Math.floor((now - w / 2) / HOUR_MS), this.slot);
      const scale = s.learners.get(w)?.scale ?? 1;
      const p = calibrated(upperTail(x, mu, phi), scale);
      const threshold = thr.tail[i]!;
      if (p <= threshold && (!best || p / threshold < best.p / best.threshold)) best = { from: now - w, x, mu, p, threshold, phi, scale, how: 'window' };
    });
    if (this.levelMs) {
      const lt = this.levelTest(scope, s, now);
      if (lt && lt.p <= lt.threshold && (!best || lt.p / lt.threshold < best.p / best.threshold)) best = lt;
    }
    const cu = s.cusum;
    if (!best && cu.s >= thr.cusum && cu.from !== undefined && cu.x >= c.minCount && !this.inExpected(scope, cu.from, now)) {
      best = { from: cu.from, x: cu.x, mu: cu.mu, p: NaN, threshold: NaN, phi: NaN, scale: NaN, how: 'slow rise' };
    }
    return best ? [this.firing(s, best, now)] : [];
  }

  private firing(s: SurgeState, t: Test, now: number): Firing {
    const c = this.cfg;
    const ratio = t.x / Math.max(t.mu, 0.01);
    const neg = c.measure === 'negative';
    const to = t.to ?? now;
    const span = fmtDuration(Math.round((to - t.from) / MIN_MS) * MIN_MS);
    const exp = r3(t.mu);
    const rare = Number.isNaN(t.p) ? '' : rarity(t.p, to - t.from);
    const what = { en: neg ? 'negative voices' : 'voices', fr: neg ? 'voix négatives' : 'voix' };
    const title = { en: neg ? 'Negative surge' : 'Volume surge', fr: neg ? 'Poussée négative' : 'Poussée de volume' };
    const how = { window: { en: '', fr: '' }, 'slow rise': { en: ', slow rise', fr: ', hausse lente' }, level: { en: ', level of the day', fr: ', niveau de la journée' } }[t.how];
    const first = Math.max(Math.floor(t.from / MIN_MS), Math.floor((now - this.maxWindow) / MIN_MS));
    return {
      severity: ratio >= c.criticalRatio && t.x - t.mu >= c.criticalExcess ? 'critical' : 'warning',
      value: r3(ratio),
      reason: {
        en: `${title.en}: ${t.x} ${what.en} in ${span}, about ${exp} expected at this hour (×${r3(ratio)}${how.en}${rare ? `; by chance ${rare.en}` : ''})`,
        fr: `${title.fr} : ${t.x} ${what.fr} en ${span}, environ ${exp} attendues à cette heure (×${r3(ratio)}${how.fr}${rare ? ` ; par hasard ${rare.fr}` : ''})`,
      },
      evidence: {
        count: t.x,
        baseline: exp,
        window: { from: iso(t.from), to: iso(to) },
        metrics: {
          ratio: r3(ratio),
          windowMinutes: Math.round((to - t.from) / MIN_MS),
          ...this.metrics(s, t),
        },
        ...s.series.evidence(first, Math.ceil(now / MIN_MS) - 1),
      },
      kql: neg ? 'sentiment.label:negative' : undefined,
    };
  }

  /** The test's own figures for the page: its p-value and threshold, and what they rest on. */
  private metrics(s: SurgeState, t: Test): Record<string, number> {
    if (t.how === 'slow rise') return { cusum: r3(s.cusum.s), cusumThreshold: r3(this.thr.cusum) };
    const base = { pValue: Number(t.p.toPrecision(3)), threshold: Number(t.threshold.toPrecision(3)) };
    if (t.how === 'window') return { ...base, dispersion: r3(t.phi), tailScale: r3(t.scale) };
    // The level track: how far past days' levels usually stray from their forecast (log ratio).
    return { ...base, levelSpread: r3(levelSpread(s.level).spread), levelDays: r3((s.level.residuals.length * this.levelMs) / DAY_MS) };
  }

  protected toJSON(s: SurgeState): SurgeJSON {
    return { first: s.first, series: s.series.export(), hourly: [...s.hourly], learners: [...s.learners], cusum: s.cusum, level: s.level, levelOn: s.levelOn };
  }

  protected fromJSON(scope: string, json: unknown): SurgeState {
    const j = json as SurgeJSON;
    const s = this.create(scope, j.first);
    s.series.import(j.series);
    s.hourly = new Map(j.hourly);
    s.learners = new Map(j.learners.map(([w, l]) => [w, { ...l, scale: l.scale ?? 1, seen: l.seen ?? 0 }]));
    s.cusum = { ...j.cusum };
    if (j.level) s.level = { residuals: [...j.level.residuals], next: j.level.next };
    s.levelOn = j.levelOn === true;
    return s;
  }
}

/** Teaches the tail scale a window's surprise beyond the tracked quantile (`p` < DISPERSION_LEVEL). */
function learnTail(l: Learner, p: number): void {
  const excess = Math.min(Math.log(DISPERSION_LEVEL) - Math.log(Math.max(p, 1e-300)), 50);
  l.seen = Math.min(TAIL_MEMORY, l.seen + 1);
  l.scale += (excess - l.scale) / (l.seen + TAIL_PRIOR);
}

/**
 * The tail probability `p` of the model, corrected beyond the tracked quantile by the learned tail
 * scale. A scale below 1 (a tail lighter than the model's, on a handful of excesses) is read as 1:
 * the correction only ever asks for more evidence.
 */
export function calibrated(p: number, scale: number): number {
  if (p >= DISPERSION_LEVEL) return p;
  return DISPERSION_LEVEL * Math.exp((Math.log(Math.max(p, 1e-300)) - Math.log(DISPERSION_LEVEL)) / Math.max(1, scale));
}

/** "about once a year" for a tail probability `p` of a window of `windowMs`. */
function rarity(p: number, windowMs: number): { en: string; fr: string } {
  const every = windowMs / Math.max(p, 1e-300);
  if (every >= 100 * 365 * DAY_MS) return { en: 'less than once a century', fr: 'moins d’une fois par siècle' };
  if (every >= 365 * DAY_MS) {
    const y = Math.round(every / (365 * DAY_MS));
    return { en: `about once in ${y} year${y > 1 ? 's' : ''}`, fr: `environ une fois en ${y} an${y > 1 ? 's' : ''}` };
  }
  const d = Math.max(1, Math.round(every / DAY_MS));
  return { en: `about once in ${d} day${d > 1 ? 's' : ''}`, fr: `environ une fois en ${d} jour${d > 1 ? 's' : ''}` };
}
