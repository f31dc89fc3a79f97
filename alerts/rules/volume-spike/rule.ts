import type { Series } from '../../window.ts';
import { fmtDuration, mad, median, r3, type Firing } from '../base.ts';
import { SeriesRule } from '../series-rule.ts';
import type { VolumeSpikeConfig } from './config.ts';

const HOUR_MS = 3_600_000;
const DAY_H = 24;

/** The baseline and spread a window count is compared with. */
export interface Expectation {
  baseline: number;
  sigma: number;
  seasonal: boolean;
  windows: number;
}

/**
 * Counts mentions in a sliding event-time window and compares the count with the median of the
 * previous windows (robust to earlier spikes), a MAD-based z-score and a minimum count. With
 * enough history the expectation also looks at the same hour on previous days (or the same hour
 * and weekday on previous weeks) and takes the higher of the two, so daily peaks do not page.
 */
export class VolumeSpikeRule extends SeriesRule {
  constructor(private readonly cfg: VolumeSpikeConfig) {
    super(cfg, 'volume_spike', cfg.bucket, (cfg.baselineWindows + 1) * cfg.window, cfg.window, seasonDays(cfg) * 86_400_000);
  }

  /** Baseline for the window ending at `now`, or undefined while history is too short. */
  expectation(s: Series, now: number): Expectation | undefined {
    const c = this.cfg;
    const [f, l] = s.range(now, c.window);
    const nb = l - f + 1;
    const hist: number[] = [];
    for (let k = 1; k <= c.baselineWindows; k++) {
      const ff = f - k * nb;
      if (!s.covers(ff)) break;
      hist.push(s.sum(ff, ff + nb - 1).n);
    }
    if (hist.length < c.minBaselineWindows) return undefined;
    const med = median(hist);
    let baseline = med;
    let sigma = 1.4826 * mad(hist, med);
    let seasonal = false;
    if (c.seasonality.enabled) {
      const h = Math.floor(now / HOUR_MS);
      const scale = c.window / HOUR_MS;
      const weekly: number[] = [];
      for (let k = 1; k <= c.seasonality.weeks; k++) {
        const v = s.hourCount(h - 7 * DAY_H * k);
        if (v !== undefined) weekly.push(v * scale);
      }
      let same: number[] = weekly.length > 0 && weekly.length === c.seasonality.weeks ? weekly : [];
      if (same.length === 0) {
        for (let d = 1; d <= c.seasonality.days; d++) {
          const v = s.hourCount(h - DAY_H * d);
          if (v !== undefined) same.push(v * scale);
        }
        if (same.length < c.seasonality.minDays) same = [];
      }
      if (same.length > 0) {
        const smed = median(same);
        seasonal = true;
        baseline = Math.max(baseline, smed);
        sigma = Math.max(sigma, 1.4826 * mad(same, smed));
      }
    }
    // Counts are roughly Poisson: never trust a spread smaller than sqrt(baseline) (or 1).
    sigma = Math.max(sigma, Math.sqrt(baseline), 1);
    return { baseline, sigma, seasonal, windows: hist.length };
  }

  protected check(scope: string, s: Series, now: number): Firing[] {
    const c = this.cfg;
    const cur = this.current(s, now, c.window, c.minCount);
    // A declared peak is expected volume: no page while the window holds any of it.
    if (!cur || this.inPeak(scope, now - c.window, now)) return [];
    const count = cur.w.n;
    const e = this.expectation(s, now);
    if (!e) return [];
    const ratio = count / Math.max(e.baseline, 1);
    const z = (count - e.baseline) / e.sigma;
    if (ratio < c.ratio || z < c.zScore) return [];
    const win = fmtDuration(c.window);
    const base = r3(e.baseline);
    return [
      {
        severity: ratio >= c.criticalRatio ? 'critical' : 'warning',
        value: count,
        reason: {
          en: `Volume spike: ${count} mentions in ${win} (baseline ${base}, ×${r3(ratio)}, z ${r3(z)})`,
          fr: `Pic de volume : ${count} mentions en ${win} (référence ${base}, ×${r3(ratio)}, z ${r3(z)})`,
        },
        evidence: this.evidence(s, cur, now, count, base, { ratio: r3(ratio), zScore: r3(z), sigma: r3(e.sigma), baselineWindows: e.windows, seasonal: e.seasonal ? 1 : 0 }),
      },
    ];
  }
}

/** Days of hourly counts the seasonal baseline looks back over (plus today); 0 when it is off. */
function seasonDays(c: VolumeSpikeConfig): number {
  return c.seasonality.enabled ? Math.max(c.seasonality.days, c.seasonality.weeks * 7) + 1 : 0;
}
