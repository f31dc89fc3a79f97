import type { Client } from '@elastic/elasticsearch';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock, type Clock } from '../core/clock.ts';
import { toVigieError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { ReportSchedule, ReportsConfig } from './config.ts';
import { nextFire, parseCron } from './cron.ts';
import { deliverReport, type DeliveryOutcome } from './deliver.ts';
import { generateReport, reportBaseName, slug, type GeneratedReport } from './generate.ts';
import { reportSubjects, reportsSection, type ReportHostConfig } from './context.ts';
import { lastFullWeek } from './week.ts';

/**
 * Runs the `reports.schedules` of the config: at each cron time (read in the schedule's time
 * zone) it writes the report of the last full week to `<outDir>/<brand>/<week>/`, delivers it
 * and writes `<base>.delivery.json` next to the files with every target's outcome.
 *
 * Runs missed while the process was down are not replayed (`vigie report --week` makes one by
 * hand). One schedule runs one report at a time; a failure is logged and the next time is
 * still scheduled.
 */
export interface ReportSchedulerOptions {
  config: ReportHostConfig;
  client: Client;
  logger: Logger;
  clock?: Clock;
  /** Called after each run (tests, metrics). */
  onRun?: (run: ScheduledRun) => void;
  /** Test seam for delivery retries. */
  deliveryRetry?: Parameters<typeof deliverReport>[2]['retry'];
}

export interface ScheduledRun {
  brand: string;
  week: string;
  firedAt: string;
  files: GeneratedReport['files'];
  failedFormats: GeneratedReport['failed'];
  deliveries: DeliveryOutcome[];
  error?: { code: string; message: string };
}

export interface ReportScheduler {
  /** Next fire time of each schedule (null when its cron never fires again). */
  next(): Array<{ brand: string; at: Date | null }>;
  /** Runs one schedule now for the last full week at `at` (default now), as the timer would. */
  runNow(index: number, at?: number): Promise<ScheduledRun>;
  /** Stops the timers and waits for a run in progress. */
  stop(): Promise<void>;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Starts the timers of every schedule. With no schedules it does nothing (and says so at debug level). */
export function startReportScheduler(o: ReportSchedulerOptions): ReportScheduler {
  const section: ReportsConfig = reportsSection(o.config);
  const clock = o.clock ?? systemClock;
  const log = o.logger.child({ component: 'reports' });
  const abort = new AbortController();
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  const nextAt = new Map<number, number | null>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  const tzOf = (s: ReportSchedule) => s.timeZone ?? section.timeZone;

  async function runOne(i: number, at: number): Promise<ScheduledRun> {
    const s = section.schedules[i]!;
    const tz = tzOf(s);
    const locale = s.locale ?? section.locale;
    const week = lastFullWeek(at, tz);
    const outDir = join(section.outDir, slug(s.brand), week.id);
    const run: ScheduledRun = { brand: s.brand, week: week.id, firedAt: new Date(at).toISOString(), files: [], failedFormats: [], deliveries: [] };
    try {
      const subjects = reportSubjects(o.config, s.brand);
      const r = await generateReport({ client: o.client, prefix: o.config.elasticsearch.indexPrefix, ...subjects, week, locale, formats: s.formats ?? section.formats, outDir, now: clock.now(), signal: abort.signal });
      run.files = r.files;
      run.failedFormats = r.failed;
      for (const f of r.failed) log.error({ brand: s.brand, week: week.id, format: f.format, code: f.code, err: f.message }, 'report format not written');
      run.deliveries = await deliverReport(r, s.deliver, {
        locale,
        outDir: section.outDir,
        ...(section.publicBaseUrl ? { publicBaseUrl: section.publicBaseUrl } : {}),
        deadlineMs: section.deliveryDeadline,
        logger: log,
        signal: abort.signal,
        now: () => clock.now(),
        ...(o.deliveryRetry ? { retry: o.deliveryRetry } : {}),
      });
      await writeFile(join(outDir, `${reportBaseName(s.brand, week.id, locale)}.delivery.json`), `${JSON.stringify(run, null, 2)}\n`);
      log.info({ brand: s.brand, week: week.id, files: run.files.length, delivered: run.deliveries.filter((d) => d.ok).length, failed: run.deliveries.filter((d) => !d.ok).length }, 'scheduled report done');
    } catch (e) {
      const err = toVigieError(e, 'ERR_REPORT_RUN');
      run.error = { code: err.code, message: err.message };
      log.error({ brand: s.brand, week: week.id, code: err.code, err: err.message }, 'scheduled report failed');
    }
    o.onRun?.(run);
    return run;
  }

  function arm(i: number): void {
    if (stopped) return;
    const s = section.schedules[i]!;
    const at = nextFire(parseCron(s.cron), clock.now(), tzOf(s)) ?? null;
    nextAt.set(i, at);
    if (at === null) {
      log.warn({ brand: s.brand, cron: s.cron }, 'report schedule never fires');
      return;
    }
    const wait = () => {
      const delay = at - clock.now();
      if (delay > 0) {
        // setTimeout holds at most ~24.8 days: wait in steps.
        timers.set(i, setTimeout(wait, Math.min(delay, MAX_TIMER_MS)));
        return;
      }
      const p = runOne(i, at).finally(() => {
        running.delete(p);
        arm(i);
      });
      running.add(p);
    };
    wait();
  }

  section.schedules.forEach((_, i) => arm(i));
  log.info({ schedules: section.schedules.map((s, i) => ({ brand: s.brand, cron: s.cron, next: nextAt.get(i) ? new Date(nextAt.get(i)!).toISOString() : null })) }, section.schedules.length ? 'report scheduler started' : 'no report schedules');

  return {
    next: () => section.schedules.map((s, i) => ({ brand: s.brand, at: nextAt.get(i) ? new Date(nextAt.get(i)!) : null })),
    runNow: (i, at) => runOne(i, at ?? clock.now()),
    async stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      abort.abort();
      await Promise.allSettled([...running]);
    },
  };
}
