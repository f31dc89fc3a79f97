import type { EnrichedMention } from '../../../core/mention.ts';
import { kqlQuote } from '../../kql.ts';
import { declaredScopes, scopesOf } from '../../scope.ts';
import { ScopedRule, fmtDuration, iso, r3, type Firing } from '../base.ts';
import type { FlatlineConfig } from './config.ts';

const HOUR_MS = 3_600_000;
/** Hourly counts the pace is learned from. */
const HISTORY_H = 7 * 24;
/**
 * Each hour of day's pace is pulled towards the mean pace as if a quarter of an hour at the mean
 * had been watched: an hour of day with no mention in its history may still have some.
 */
const PRIOR_HOURS = 0.25;
/** How often the figures of a silence already unlikely enough to page are recomputed. */
const REFRESH_MS = 10 * 60_000;
/** An hour of day watched less than this (hours) is not judged. */
const MIN_WATCHED_H = 0.5;
/**
 * Day-to-day variation of a source's pace (squared coefficient of variation): busy days and
 * quiet days. The silence is judged with a gamma-Poisson (negative binomial) whose dispersion
 * adds it to the uncertainty of a pace learned from few mentions or few days.
 */
const DAY_DISPERSION = 0.1;

interface Silence {
  lastSeen: number;
  /** When watching started (ms): the pace is measured from there. */
  first: number;
  /** Hour index (ms / 1 h) -> mentions. */
  hourly: Map<number, number>;
  /** The pace as of `lastSeen` (not checkpointed: recomputed). */
  pace?: Pace;
}

/** Per hour of day: hours watched, mentions and hours counted (busiest day left out), the mean pace. */
interface Pace {
  lastSeen: number;
  watched: number[];
  count: number[];
  hours: number[];
  mean: number;
  seen: number;
  /** The odds last computed, and when. */
  last?: SilenceOdds & { at: number };
}

interface SilenceJSON {
  lastSeen: number;
  first?: number;
  hourly?: Array<[number, number]>;
}

/** How unlikely a silence is, at the pace the scope has had. */
export interface SilenceOdds {
  /** Mentions expected during the silence. */
  expected: number;
  /** Probability of no mention at all in it. */
  chance: number;
  /** Mentions the pace rests on. */
  seen: number;
  /** Mean mentions per hour. */
  perHour: number;
}

/**
 * Pages when a scope or source has been silent for longer than its own pace makes likely. The
 * pace of each hour of day is learned from that hour's counts over the last week; no mention
 * during the silence is judged with a gamma-Poisson (negative binomial) model whose shape is the
 * number of mentions the pace rests on (capped): a source heard 60 times an hour and silent 30
 * minutes is broken, one heard once an hour and silent 3 hours is not (that happens about once
 * in twenty such stretches), nor one that is always quiet at night. The silence pages once its
 * chance falls below the threshold the false-alarm budget gives, never before `silentFor`, and
 * not before the rule has watched the scope for `learnFor`. Silence is measured against
 * evaluation time, so the worker's idle ticks (not only new mentions) drive it.
 */
export class FlatlineRule extends ScopedRule<Silence> {
  private declared = false;
  constructor(private readonly cfg: FlatlineConfig) {
    super(cfg, 'flatline');
  }

  /**
   * Largest chance of a silence that pages: every mention opens a gap before the next, so a
   * period holds about (pace × period) gaps that could each be the false page; the budget is
   * shared among them.
   */
  threshold(perHour: number): number {
    const b = this.cfg.falsePages;
    return Math.min(1, b.pages / Math.max(1, (perHour * b.periodMs) / HOUR_MS));
  }

  protected override scopeKeys(m: Readonly<EnrichedMention>): string[] {
    const inScope = scopesOf(m, this.cfg.scope);
    if (this.cfg.groupBy === 'scope') return inScope;
    return inScope.length ? [`source:${m.source.name ?? m.source.kind}`] : [];
  }

  protected create(_scope: string, t: number): Silence {
    return { lastSeen: t, first: t, hourly: new Map() };
  }

  protected add(s: Silence, _m: Readonly<EnrichedMention>, t: number): void {
    if (t > s.lastSeen) s.lastSeen = t;
    if (t < s.first) s.first = t;
    const h = Math.floor(t / HOUR_MS);
    s.hourly.set(h, (s.hourly.get(h) ?? 0) + 1);
    s.pace = undefined;
  }

  /** The odds of the silence from `s.lastSeen` to `now`, at the pace of the week before it. */
  odds(s: Silence, now: number): SilenceOdds {
    const p = s.pace?.lastSeen === s.lastSeen ? s.pace : (s.pace = this.pace(s));
    // Once a silence is unlikely enough it only gets more so: a long outage (or a backtest's idle
    // weeks) refreshes its figures every few minutes, not at every evaluation.
    if (p.last && p.last.chance <= this.threshold(p.mean) && now >= p.last.at && now - p.last.at < REFRESH_MS) return p.last;
    const { watched, count, hours, mean, seen } = p;
    const during = new Array<number>(24).fill(0);
    spread(during, s.lastSeen, now);
    let expected = 0;
    let backing = 0;
    let judged = 0;
    let days = 0;
    for (let i = 0; i < 24; i++) {
      // An hour of day not watched for a while yet is unknown: it expects nothing.
      if (during[i]! === 0 || watched[i]! < MIN_WATCHED_H) continue;
      expected += (during[i]! * (count[i]! + PRIOR_HOURS * mean)) / (hours[i]! + PRIOR_HOURS);
      backing += count[i]!;
      judged += during[i]!;
      days += during[i]! * hours[i]!;
    }
    // Relative variance of the pace: the mentions it rests on, the day-to-day variation of the
    // days it was learned from (fewer days, less averaged) and of the day being judged.
    const shape = backing > 0 ? 1 / (1 / backing + DAY_DISPERSION * (1 + judged / days)) : 0;
    const chance = expected > 0 && shape > 0 ? (1 + expected / shape) ** -shape : 1;
    p.last = { expected, chance, seen, perHour: mean, at: now };
    return p.last;
  }

  /** The pace of each hour of day over the week before the silence (the same until a mention comes). */
  private pace(s: Silence): Pace {
    const start = Math.max(s.first, s.lastSeen - HISTORY_H * HOUR_MS);
    for (const h of s.hourly.keys()) if ((h + 1) * HOUR_MS <= start) s.hourly.delete(h);
    // Hours watched at each hour of day, and the silence's hours: an hour of day is judged by
    // its own history (a source busy by day may sleep at night).
    const watched = new Array<number>(24).fill(0);
    spread(watched, start, s.lastSeen);
    const sum = new Array<number>(24).fill(0);
    const max = new Array<number>(24).fill(0);
    let seen = 0;
    for (const [h, n] of s.hourly) {
      if (h * HOUR_MS >= s.lastSeen) continue;
      seen += n;
      sum[h % 24]! += n;
      max[h % 24] = Math.max(max[h % 24]!, n);
    }
    // The busiest day of each hour of day is left out once three exist: yesterday's crisis at
    // this hour is not the pace a silence today is judged by.
    const count = sum.map((c, i) => (watched[i]! >= 3 ? c - max[i]! : c));
    const hours = watched.map((w) => (w >= 3 ? w - 1 : w));
    const totalHours = hours.reduce((a, b) => a + b, 0);
    const mean = totalHours > 0 ? count.reduce((a, b) => a + b, 0) / totalHours : 0;
    return { lastSeen: s.lastSeen, watched, count, hours, mean, seen };
  }

  protected check(scope: string, s: Silence, now: number): Firing[] {
    const c = this.cfg;
    const silent = now - s.lastSeen;
    if (silent < c.silentFor) return [];
    const o = this.odds(s, now);
    // Never heard from: no pace to judge by, so only a silence as long as the learning period
    // pages. Heard from: not before the pace rests on a day (a first night is not an outage).
    const threshold = this.threshold(o.perHour);
    if (o.seen === 0 ? silent < c.learnFor : now - s.first < c.learnFor || o.chance > threshold) return [];
    const mins = Math.round(silent / 60_000);
    const what = scope.startsWith('source:') ? scope.slice(7) : scope;
    const pace = o.seen === 0
      ? { en: 'never heard from since watching started', fr: 'jamais entendu depuis le début de la veille' }
      : { en: `about ${r3(o.expected)} expected at its usual pace`, fr: `environ ${r3(o.expected)} attendues à son rythme habituel` };
    return [
      {
        severity: c.criticalAfter !== undefined && silent >= c.criticalAfter ? 'critical' : 'warning',
        // Constant: a longer silence is the same incident, severity alone escalates it.
        value: 1,
        reason: {
          en: `No mention for ${what} since ${iso(s.lastSeen)} (${mins} min, ${pace.en}): connector broken or quota exhausted?`,
          fr: `Aucune mention pour ${what} depuis ${iso(s.lastSeen)} (${mins} min, ${pace.fr}) : connecteur en panne ou quota épuisé ?`,
        },
        evidence: {
          count: 0,
          baseline: r3(o.expected),
          window: { from: iso(s.lastSeen), to: iso(now) },
          metrics: { silentMinutes: mins, expected: r3(o.expected), chance: Number(o.chance.toPrecision(3)), threshold: Number(threshold.toPrecision(3)), minSilenceMinutes: Math.round(c.silentFor / 60_000) },
          samples: [],
          topAuthors: [],
          topTerms: [],
        },
        kql: scope.startsWith('source:') ? `source.name:${kqlQuote(what)}` : '',
      },
    ];
  }

  override evaluate(now: Date) {
    if (!this.declared) {
      // Declared names and sources are expected from the first evaluation on.
      this.declared = true;
      const t = now.getTime();
      const names = this.cfg.groupBy === 'source' ? (this.cfg.sources ?? []).map((s) => `source:${s}`) : declaredScopes(this.cfg.scope);
      for (const sc of names) this.ensure(sc, t);
    }
    return super.evaluate(now);
  }

  protected toJSON(s: Silence): SilenceJSON {
    return { lastSeen: s.lastSeen, first: s.first, hourly: [...s.hourly] };
  }

  protected fromJSON(_scope: string, json: unknown): Silence {
    const j = json as SilenceJSON;
    // A checkpoint of an older version holds the last mention only: the pace is learned anew.
    return { lastSeen: j.lastSeen, first: j.first ?? j.lastSeen, hourly: new Map(j.hourly ?? []) };
  }
}

/** Adds the hours of [from, to) to `hours` by hour of day (pro rata for partial hours); whole days at once. */
function spread(hours: number[], from: number, to: number): void {
  const days = Math.floor((to - from) / (24 * HOUR_MS));
  if (days > 0) for (let i = 0; i < 24; i++) hours[i]! += days;
  for (let t = from + days * 24 * HOUR_MS; t < to; ) {
    const h = Math.floor(t / HOUR_MS);
    const end = Math.min(to, (h + 1) * HOUR_MS);
    hours[h % 24]! += (end - t) / HOUR_MS;
    t = end;
  }
}
