/**
 * The quota model of the YouTube Data API ("Quota costs" page): `search.list` has a bucket of its
 * own, counted in calls (100 a day by default, 1 per call, each page a call); the other methods
 * share 10,000 units a day, `videos.list` and `commentThreads.list` at 1 unit a call.
 */
export const QUOTA_COST = { 'videos.list': 1, 'commentThreads.list': 1 } as const;
export type QuotaMethod = keyof typeof QUOTA_COST | 'search.list';

const PACIFIC = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function pacificParts(ms: number): Record<string, number> {
  return Object.fromEntries(PACIFIC.formatToParts(new Date(ms)).filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]));
}

/** The quota day (YYYY-MM-DD): YouTube resets quotas at midnight Pacific time. */
export function quotaDay(ms: number): string {
  const p = pacificParts(ms);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Milliseconds until the next Pacific midnight (a DST day is off by at most an hour). */
export function untilQuotaReset(ms: number): number {
  const p = pacificParts(ms);
  return 86_400_000 - ((p.hour! * 60 + p.minute!) * 60 + p.second!) * 1000 - (ms % 1000);
}

/** Units and search calls spent today by one source; saved in its cursor so a restart does not reset them. */
export interface QuotaUse {
  day: string;
  /** Units of the shared bucket (everything but search.list). */
  used: number;
  /** search.list calls (its own bucket). */
  searches: number;
}

/** The two daily budgets of one source. */
export interface QuotaBudget {
  units: number;
  searches: number;
}

/** Counts calls against the two daily buckets and refuses a call that would go over its bucket. */
export class QuotaMeter {
  private use: QuotaUse;

  constructor(
    private readonly budget: QuotaBudget,
    saved: { day: string; used: number; searches?: number } | undefined,
    now: number,
  ) {
    const day = quotaDay(now);
    this.use = saved && saved.day === day ? { day, used: saved.used, searches: saved.searches ?? 0 } : { day, used: 0, searches: 0 };
  }

  /** True when `method` fits in what is left today in its bucket. */
  allows(method: QuotaMethod): boolean {
    if (method === 'search.list') return this.use.searches + 1 <= this.budget.searches;
    return this.use.used + QUOTA_COST[method] <= this.budget.units;
  }

  spend(method: QuotaMethod): void {
    if (method === 'search.list') this.use.searches += 1;
    else this.use.used += QUOTA_COST[method];
  }

  get state(): QuotaUse {
    return { ...this.use };
  }
}
