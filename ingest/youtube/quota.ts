/** Units of each Data API method, from the quota calculator. */
export const QUOTA_COST = { 'search.list': 100, 'videos.list': 1, 'commentThreads.list': 1 } as const;
export type QuotaMethod = keyof typeof QUOTA_COST;

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

/** Units spent today by one source; saved in its cursor so a restart does not reset it. */
export interface QuotaUse {
  day: string;
  used: number;
}

/** Counts units against a daily budget and refuses a call that would go over it. */
export class QuotaMeter {
  private use: QuotaUse;

  constructor(
    private readonly daily: number,
    saved: QuotaUse | undefined,
    now: number,
  ) {
    const day = quotaDay(now);
    this.use = saved && saved.day === day ? { ...saved } : { day, used: 0 };
  }

  /** True when `method` fits in what is left today. */
  allows(method: QuotaMethod): boolean {
    return this.use.used + QUOTA_COST[method] <= this.daily;
  }

  spend(method: QuotaMethod): void {
    this.use.used += QUOTA_COST[method];
  }

  get state(): QuotaUse {
    return { ...this.use };
  }
}
