const HOUR_MS = 3_600_000;

/** Half-lives (hours) of the weights: the level follows the last days, the rhythm the last weeks. */
const LEVEL_HALF_LIFE_H = 72;
const SHAPE_HALF_LIFE_H = 336;
/** Pseudo-counts pulling a sparse hour-of-day factor towards 1 (mentions). */
const HOUR_PRIOR = 2;
/** Pseudo-days pulling a day-of-week factor towards 1. */
const WEEKDAY_PRIOR_DAYS = 1;

/** Local hour of day (0-23) and day of week (0 = Sunday) of an hour index (ms / 1 h) in a zone. */
export type SlotOf = (hour: number) => readonly [number, number];

const formatters = new Map<string, Intl.DateTimeFormat>();
const slotCache = new Map<string, Map<number, readonly [number, number]>>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * Local (hour of day, day of week) of UTC hours in `timeZone`. People keep their local rhythm
 * across a daylight-saving change, so the profile is learned in local time.
 */
export function slotsIn(timeZone: string): SlotOf {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', hour: 'numeric' });
    formatters.set(timeZone, fmt);
  }
  let cache = slotCache.get(timeZone);
  if (!cache) {
    cache = new Map();
    slotCache.set(timeZone, cache);
  }
  const f = fmt;
  const c = cache;
  return (hour) => {
    let s = c.get(hour);
    if (!s) {
      if (c.size > 200_000) c.clear();
      let hod = 0;
      let dow = 0;
      for (const p of f.formatToParts(new Date(hour * HOUR_MS + 1))) {
        if (p.type === 'hour') hod = Number(p.value) % 24;
        else if (p.type === 'weekday') dow = WEEKDAYS.indexOf(p.value);
      }
      s = [hod, dow] as const;
      c.set(hour, s);
    }
    return s;
  };
}

/** The expected hourly count of a scope: level × hour-of-day factor × day-of-week factor. */
export interface Season {
  level: number;
  day: number[];
  week: number[];
  /** Relative variance of the estimated rate at each hour of day, from the counts behind it. */
  dayVar: number[];
  weekVar: number[];
  levelVar: number;
  /** Hours the fit used. */
  hours: number;
}

/** Expected count for hour index `h`. */
export function rateAt(s: Season, h: number, slot: SlotOf): number {
  const [hod, dow] = slot(h);
  return s.level * s.day[hod]! * s.week[dow]!;
}

/** Relative variance of the expected count at hour `h` (how unsure the estimate still is). */
export function rateVar(s: Season, h: number, slot: SlotOf): number {
  const [hod, dow] = slot(h);
  return s.levelVar + s.dayVar[hod]! + s.weekVar[dow]!;
}

/** Expected count over [from, to) (ms), summing hourly rates pro rata. */
export function expectedBetween(s: Season, from: number, to: number, slot: SlotOf): number {
  let sum = 0;
  for (let h = Math.floor(from / HOUR_MS); h * HOUR_MS < to; h++) {
    const a = Math.max(from, h * HOUR_MS);
    const b = Math.min(to, (h + 1) * HOUR_MS);
    if (b > a) sum += (rateAt(s, h, slot) * (b - a)) / HOUR_MS;
  }
  return sum;
}

interface Obs {
  h: number;
  x: number;
  hod: number;
  dow: number;
  wl: number;
  ws: number;
}

function pass(obs: readonly Obs[], day: number[], week: number[]): { level: number; day: number[]; week: number[]; sd: number[]; sw: number[]; sl: number } {
  const levelOf = (): number => {
    let num = 0;
    let den = 0;
    for (const o of obs) {
      num += o.wl * o.x;
      den += o.wl * day[o.hod]! * week[o.dow]!;
    }
    return den > 0 ? num / den : 0;
  };
  let level = levelOf();
  const sd = new Array<number>(24).fill(0);
  const ed = new Array<number>(24).fill(0);
  for (const o of obs) {
    sd[o.hod]! += o.ws * o.x;
    ed[o.hod]! += o.ws * level * week[o.dow]!;
  }
  const newDay = sd.map((s, i) => (s + HOUR_PRIOR) / (ed[i]! + HOUR_PRIOR));
  const dayTotal = newDay.reduce((a, b) => a + b, 0) * level;
  const sw = new Array<number>(7).fill(0);
  const ew = new Array<number>(7).fill(0);
  for (const o of obs) {
    sw[o.dow]! += o.ws * o.x;
    ew[o.dow]! += o.ws * level * newDay[o.hod]!;
  }
  const prior = WEEKDAY_PRIOR_DAYS * dayTotal;
  const newWeek = sw.map((s, i) => (prior > 0 ? (s + prior) / (ew[i]! + prior) : 1));
  day.splice(0, 24, ...newDay);
  week.splice(0, 7, ...newWeek);
  level = levelOf();
  let sl = 0;
  for (const o of obs) sl += o.wl * o.x;
  return { level, day, week, sd, sw, sl };
}

/**
 * Fits the seasonal rate on hourly counts `counts` over hours [from, to), skipping `skip`ped
 * hours (declared events). Two passes: the second clips hours far above the first fit, so a past
 * crisis does not teach the model that crises are normal.
 */
export function fitSeason(counts: ReadonlyMap<number, number>, from: number, to: number, slot: SlotOf, skip: (h: number) => boolean): Season | undefined {
  const obs: Obs[] = [];
  for (let h = from; h < to; h++) {
    if (skip(h)) continue;
    const [hod, dow] = slot(h);
    const age = to - 1 - h;
    obs.push({ h, x: counts.get(h) ?? 0, hod, dow, wl: 0.5 ** (age / LEVEL_HALF_LIFE_H), ws: 0.5 ** (age / SHAPE_HALF_LIFE_H) });
  }
  if (obs.length === 0) return undefined;
  const day = new Array<number>(24).fill(1);
  const week = new Array<number>(7).fill(1);
  let fit = pass(obs, day, week);
  // Hourly dispersion of the first fit decides how far above it a count is clipped.
  let num = 0;
  let den = 0;
  for (const o of obs) {
    const mu = fit.level * day[o.hod]! * week[o.dow]!;
    num += (o.x - mu) ** 2 - mu;
    den += mu * mu;
  }
  const phi = Math.min(1, Math.max(0.01, den > 0 ? num / den : 0.1));
  for (const o of obs) {
    const mu = fit.level * day[o.hod]! * week[o.dow]!;
    o.x = Math.min(o.x, mu + 4 * Math.sqrt(mu + phi * mu * mu) + 2);
  }
  fit = pass(obs, day, week);
  const dayTotal = fit.day.reduce((a, b) => a + b, 0) * fit.level;
  return {
    level: fit.level,
    day: fit.day,
    week: fit.week,
    dayVar: fit.sd.map((s) => 1 / (s + HOUR_PRIOR)),
    weekVar: fit.sw.map((s) => 1 / (s + WEEKDAY_PRIOR_DAYS * dayTotal + 1)),
    levelVar: 1 / (fit.sl + 1),
    hours: obs.length,
  };
}
