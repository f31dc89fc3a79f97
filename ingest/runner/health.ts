import { Counter, Gauge, type Registry } from 'prom-client';
import type { Metrics } from '../../core/metrics.ts';

/** Width of the window `itemsPerMinute` is averaged over. */
const RATE_WINDOW_MS = 5 * 60_000;

/**
 * Items per minute over a sliding 5-minute window, counted in one-minute buckets so memory stays
 * constant whatever the volume. Before 5 minutes have passed it averages over the time elapsed.
 */
export class RateMeter {
  private buckets = new Map<number, number>();
  constructor(private readonly startedAt: number) {}

  add(n: number, now: number): void {
    if (n <= 0) return;
    const minute = Math.floor(now / 60_000);
    this.buckets.set(minute, (this.buckets.get(minute) ?? 0) + n);
    for (const k of this.buckets.keys()) if (k < minute - 5) this.buckets.delete(k);
  }

  perMinute(now: number): number {
    const from = now - RATE_WINDOW_MS;
    let sum = 0;
    for (const [minute, n] of this.buckets) if ((minute + 1) * 60_000 > from) sum += n;
    const spanMs = Math.max(60_000, Math.min(RATE_WINDOW_MS, now - this.startedAt));
    return Math.round((sum / spanMs) * 60_000 * 100) / 100;
  }
}

function gauge(registry: Registry, name: string, help: string): Gauge {
  return (registry.getSingleMetric(name) as Gauge | undefined) ?? new Gauge({ name, help, labelNames: ['source'], registers: [registry] });
}

function counter(registry: Registry, name: string, help: string): Counter {
  return (registry.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, labelNames: ['source'], registers: [registry] });
}

/**
 * The ingest health metrics beyond the shared ones of core/metrics.ts, registered once per
 * registry (several runners in one process share them). Alert rules use `vigie_source_silent`.
 */
export function healthMetrics(metrics: Metrics) {
  const r = metrics.registry;
  return {
    itemsPerMinute: gauge(r, 'vigie_source_items_per_minute', 'Mentions published per minute by a source (5-minute average)'),
    lastItem: gauge(r, 'vigie_source_last_item_seconds', 'Unix time of the last mention a source published'),
    silent: gauge(r, 'vigie_source_silent', '1 when a source has been silent for longer than expected (expectSilenceAfter, default 3 x interval)'),
    streamConnected: gauge(r, 'vigie_source_stream_connected', '1 while a streaming source is connected'),
    reconnects: counter(r, 'vigie_source_stream_reconnects_total', 'Stream reconnections per source (failures, server closes, silence restarts)'),
    cursorDropped: counter(r, 'vigie_source_cursor_dropped_total', 'Saved cursors dropped because the platform refused them several polls in a row'),
  };
}

export type HealthMetrics = ReturnType<typeof healthMetrics>;
