import type { Client } from '@elastic/elasticsearch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../core/logger.ts';
import { startReportScheduler, type ScheduledRun } from './schedule.ts';

afterEach(() => {
  vi.useRealTimers();
});

const config = (reports: unknown) => ({
  elasticsearch: { node: 'http://127.0.0.1:9', indexPrefix: 'vigie' },
  watch: [{ name: 'Acme', role: 'brand' }, { name: 'Globex', role: 'competitor' }],
  reports,
});

describe('report scheduler', () => {
  it('computes the next Monday 08:00 in the schedule zone, fires, reports a failed run and re-arms', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-18T12:00:00Z') });
    const calls: string[] = [];
    const failing = { search: async () => { calls.push('search'); throw new Error('cluster on fire'); } } as unknown as Client;
    const runs: ScheduledRun[] = [];
    const s = startReportScheduler({
      config: config({ outDir: '/tmp/vigie-sched-test', schedules: [{ brand: 'Acme', cron: '0 8 * * 1' }, { brand: 'Acme', cron: '0 9 * * 1', timeZone: 'Europe/Paris' }] }) as never,
      client: failing,
      logger: silentLogger(),
      onRun: (r) => runs.push(r),
    });
    expect(s.next().map((n) => n.at?.toISOString())).toEqual(['2026-11-23T13:00:00.000Z', '2026-11-23T08:00:00.000Z']);
    await vi.advanceTimersByTimeAsync(Date.parse('2026-11-23T08:00:00Z') - Date.now() - 1);
    expect(runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(Date.parse('2026-11-23T13:00:00Z') - Date.now() + 10);
    expect(runs.map((r) => [r.week, r.firedAt, r.error?.code])).toEqual([
      ['2026-W47', '2026-11-23T08:00:00.000Z', 'ERR_INDEX_REQUEST'],
      ['2026-W47', '2026-11-23T13:00:00.000Z', 'ERR_INDEX_REQUEST'],
    ]);
    expect(runs[0]!.error!.message).toContain('cluster on fire');
    expect(s.next().map((n) => n.at?.toISOString())).toEqual(['2026-11-30T13:00:00.000Z', '2026-11-30T08:00:00.000Z']);
    await s.stop();
    await vi.advanceTimersByTimeAsync(14 * 86_400_000);
    expect(runs).toHaveLength(2);
  });

  it('an unknown brand at run time is a failed run with ERR_REPORT_BRAND, not a crash', async () => {
    const s = startReportScheduler({ config: config({ schedules: [{ brand: 'Nope' }] }) as never, client: {} as Client, logger: silentLogger() });
    const run = await s.runNow(0, Date.parse('2026-11-23T13:00:00Z'));
    expect(run.error?.code).toBe('ERR_REPORT_BRAND');
    await s.stop();
  });

  it('with no schedules it starts nothing; an invalid section throws ERR_CONFIG_INVALID', async () => {
    const s = startReportScheduler({ config: config(undefined) as never, client: {} as Client, logger: silentLogger() });
    expect(s.next()).toEqual([]);
    await s.stop();
    expect(() => startReportScheduler({ config: config({ schedules: [{ brand: 'Acme', cron: 'every monday' }] }) as never, client: {} as Client, logger: silentLogger() })).toThrow(/reports.schedules\[0\].cron/);
  });
});
