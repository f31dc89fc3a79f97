import { studentUpper } from './stats.ts';

const DAY_MS = 86_400_000;
/** The track judges once it holds a week of residuals: every weekday's forecast error seen once. */
const WARM_UP_MS = 7 * DAY_MS;
/** MAD of a normal sample × this = its standard deviation. */
const MAD_TO_SD = 1.4826;
/**
 * Asymptotic efficiency of the MAD against the standard deviation on normal data: a spread taken
 * from n residuals by the MAD is as uncertain as a standard deviation from about 0.37 n of them,
 * so Student's t gets that many degrees of freedom (with n - 1 its tail is too thin while few
 * residuals are known, and a young track pages on ordinary days).
 */
const MAD_EFFICIENCY = 0.37;

/**
 * The level track: is the level of the last hours unusual, given how far this scope's level has
 * strayed from its forecast on past days? Social volume moves together for hours (a news day, a
 * stock's busy week), so the windows' spread, learned on windows of minutes to hours and their
 * spikes, says little about a day-long rise, and a CUSUM adds correlated hours up as if they were
 * independent. Here each completed disjoint window of the track's length leaves one residual, the
 * log ratio of its voices to the count forecast before it began, and a new window is judged
 * against those residuals: their median and spread (median absolute deviation, so past crises do
 * not make every later rise look ordinary), with Student's t for a spread estimated on few of them.
 * The residuals hold the scope's own day-to-day variation and its counting noise together, so
 * nothing depends on the brand's size: a big stable brand's 1.4× day is news, a small noisy
 * one's is not.
 */
export interface LevelTrack {
  /** Log ratios of past windows' voices to their forecast, oldest first. */
  residuals: number[];
  /** End (hour index) of the next disjoint window to learn from. */
  next: number;
}

/** Residuals needed before the track judges (a week of them), for windows of `windowMs`. */
export function levelWarmUp(windowMs: number): number {
  return Math.max(4, Math.ceil(WARM_UP_MS / windowMs));
}

/** Log ratio of a count to its forecast (half a voice added to both: a sparse scope's zero is finite). */
export function levelResidual(x: number, mu: number): number {
  return Math.log((x + 0.5) / (mu + 0.5));
}

/** Keeps a residual, forgetting beyond `keep`. */
export function learnLevel(track: LevelTrack, r: number, keep: number): void {
  track.residuals.push(r);
  if (track.residuals.length > keep) track.residuals.splice(0, track.residuals.length - keep);
}

/** Typical residual and spread of the track (median, and MAD scaled to a standard deviation). */
export function levelSpread(track: LevelTrack): { centre: number; spread: number } {
  const centre = median(track.residuals);
  return { centre, spread: MAD_TO_SD * median(track.residuals.map((v) => Math.abs(v - centre))) };
}

/**
 * Probability of a residual of at least `r` given the past ones (Student's t predictive with
 * their robust centre and spread, 0.37 (n - 1) degrees of freedom for the MAD's uncertainty); 1 while fewer than `warmUp` are known.
 */
export function levelTail(track: LevelTrack, r: number, warmUp: number): number {
  const n = track.residuals.length;
  if (n < warmUp) return 1;
  const { centre, spread } = levelSpread(track);
  if (!(spread > 0)) return 1;
  return studentUpper((r - centre) / (spread * Math.sqrt(1 + 1 / n)), MAD_EFFICIENCY * (n - 1));
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
