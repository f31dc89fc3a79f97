/**
 * The few distributions volume_surge needs: the negative-binomial (Poisson when the dispersion
 * is 0) upper tail, its mid-p normal score, and a CUSUM threshold for a target run length.
 */

const LANCZOS = [676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

/** ln Γ(x) for x > 0 (Lanczos, g = 7: about 15 significant digits). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let a = 0.99999999999980993;
  const t = y + 7.5;
  for (let i = 0; i < 8; i++) a += LANCZOS[i]! / (y + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln P(X = k) for X ~ NB(mean mu, dispersion phi) (Var = mu + phi·mu²); Poisson when phi is 0. */
export function lnPmf(k: number, mu: number, phi: number): number {
  if (mu <= 0) return k === 0 ? 0 : -Infinity;
  if (phi <= 1e-9) return k * Math.log(mu) - mu - lnGamma(k + 1);
  const r = 1 / phi;
  return lnGamma(k + r) - lnGamma(r) - lnGamma(k + 1) + r * Math.log(r / (r + mu)) + k * Math.log(mu / (r + mu));
}

/** Ratio P(X = k + 1) / P(X = k). */
function step(k: number, mu: number, phi: number): number {
  if (phi <= 1e-9) return mu / (k + 1);
  const r = 1 / phi;
  return ((k + r) / (k + 1)) * (mu / (r + mu));
}

/**
 * P(X ≥ x) for X ~ NB(mu, phi), summed from x upwards (accurate for the tiny tails that matter
 * here). Counts at or below the mean return 1: only surprising rises are of interest.
 */
export function upperTail(x: number, mu: number, phi: number): number {
  if (x <= 0) return 1;
  if (mu <= 0) return 0;
  if (x <= mu) return 1;
  let term = Math.exp(lnPmf(x, mu, phi));
  if (term === 0) return 0;
  let sum = 0;
  for (let k = x; k < x + 100_000; k++) {
    sum += term;
    term *= step(k, mu, phi);
    if (term < sum * 1e-12) break;
  }
  return Math.min(1, sum);
}

/** P(X < x) + P(X = x) / 2 for X ~ NB(mu, phi): the mid-p value of a count, in (0, 1). */
export function midCdf(x: number, mu: number, phi: number): number {
  if (mu <= 0) return x <= 0 ? 0.5 : 1 - 1e-12;
  let term = Math.exp(lnPmf(0, mu, phi));
  let below = 0;
  for (let k = 0; k < x; k++) {
    below += term;
    term *= step(k, mu, phi);
  }
  return Math.min(1 - 1e-12, Math.max(1e-12, below + term / 2));
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * Threshold h of a one-sided CUSUM on standard normal scores with reference k whose average run
 * length before a false alarm is `arl` steps (Siegmund's approximation).
 */
export function cusumThreshold(arl: number, k: number): number {
  const arlOf = (h: number): number => {
    const b = 2 * k * (h + 1.166);
    return (Math.exp(b) - b - 1) / (2 * k * k);
  };
  let lo = 0;
  let hi = 100;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (arlOf(mid) < arl) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Continued fraction of the regularized incomplete beta function (modified Lentz). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    for (const num of [(m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)), (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-14) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b) for x in [0, 1]. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(x, a, b)) / a : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** P(T ≥ t) for T ~ Student's t with `df` degrees of freedom. */
export function studentUpper(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}
