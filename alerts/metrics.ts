import { Counter, Histogram } from 'prom-client';
import type { Metrics } from '../core/metrics.ts';
import type { EngineRule } from './engine.ts';

/** Alert-specific metrics, registered once per registry. */
export interface AlertMetrics {
  events: Counter<'rule' | 'type'>;
  deliveries: Counter<'channel' | 'outcome'>;
  /** Pages a receiver refused (400, 413, SMTP 552) and that were sent again in the minimal rendering. */
  minimalPages: Counter<'channel' | 'status'>;
  latency: Histogram<'channel'>;
  tooLate: Counter<'rule'>;
  droppedWaits: Counter<'rule'>;
  /**
   * Exports the rules' own counts (`tooLate`, `droppedWaits`) from now on, read at each scrape;
   * returns the function that stops (after a last read). Rules keep plain numbers: they never see
   * the registry, and replays and tests run them without one.
   */
  watchRules(rules: readonly EngineRule[]): () => void;
}

const cache = new WeakMap<Metrics, AlertMetrics>();

export function alertMetrics(m: Metrics): AlertMetrics {
  let a = cache.get(m);
  if (!a) {
    const registers = [m.registry];
    const watched = new Set<EngineRule>();
    /** What each rule's counts were at the last read: counters only grow by the difference. */
    const seen = new WeakMap<EngineRule, { late: number; dropped: number }>();
    const read = () => {
      for (const r of watched) {
        const was = seen.get(r) ?? { late: 0, dropped: 0 };
        const now = { late: r.rule.tooLate ?? 0, dropped: r.rule.droppedWaits ?? 0 };
        if (now.late > was.late) tooLate.inc({ rule: r.name }, now.late - was.late);
        if (now.dropped > was.dropped) droppedWaits.inc({ rule: r.name }, now.dropped - was.dropped);
        seen.set(r, now);
      }
    };
    const tooLate = new Counter({
      name: 'vigie_alert_mentions_too_late_total',
      help: 'Mentions a rule ignored because they came later than its allowedLateness (event time behind the newest it saw)',
      labelNames: ['rule'],
      registers,
      collect: read,
    });
    const droppedWaits = new Counter({
      name: 'vigie_alert_waits_dropped_total',
      help: 'Mentions waiting for a reply that an unanswered rule could not keep (maxWaiting reached: the lowest priority goes)',
      labelNames: ['rule'],
      registers,
      collect: read,
    });
    a = {
      events: new Counter({ name: 'vigie_alert_events_total', help: 'Alert events produced (opened, escalated, resolved)', labelNames: ['rule', 'type'], registers }),
      deliveries: new Counter({ name: 'vigie_alert_deliveries_total', help: 'Page deliveries by outcome (delivered, delivered_minimal, retry, dead_letter)', labelNames: ['channel', 'outcome'], registers }),
      minimalPages: new Counter({ name: 'vigie_alert_pages_minimal_total', help: 'Pages refused by the receiver (400, 413, SMTP 552) and sent again as headline + link', labelNames: ['channel', 'status'], registers }),
      latency: new Histogram({ name: 'vigie_alert_delivery_seconds', help: 'Time from alert creation to channel acknowledgement', labelNames: ['channel'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 30, 120, 600], registers }),
      tooLate,
      droppedWaits,
      watchRules: (rules) => {
        for (const r of rules) {
          // A series per rule from the start: a rate over a series that appears late misses its first increase.
          if (r.rule.tooLate !== undefined) tooLate.inc({ rule: r.name }, 0);
          if (r.rule.droppedWaits !== undefined) droppedWaits.inc({ rule: r.name }, 0);
          watched.add(r);
        }
        return () => {
          read();
          for (const r of rules) watched.delete(r);
        };
      },
    };
    cache.set(m, a);
  }
  return a;
}
