import { Counter, Histogram } from 'prom-client';
import type { Metrics } from '../core/metrics.ts';

/** Alert-specific metrics, registered once per registry. */
export interface AlertMetrics {
  events: Counter<'rule' | 'type'>;
  deliveries: Counter<'channel' | 'outcome'>;
  /** Pages a receiver refused (400, 413, SMTP 552) and that were sent again in the minimal rendering. */
  minimalPages: Counter<'channel' | 'status'>;
  latency: Histogram<'channel'>;
  tooLate: Counter<'rule'>;
}

const cache = new WeakMap<Metrics, AlertMetrics>();

export function alertMetrics(m: Metrics): AlertMetrics {
  let a = cache.get(m);
  if (!a) {
    const registers = [m.registry];
    a = {
      events: new Counter({ name: 'vigie_alert_events_total', help: 'Alert events produced (opened, escalated, resolved)', labelNames: ['rule', 'type'], registers }),
      deliveries: new Counter({ name: 'vigie_alert_deliveries_total', help: 'Page deliveries by outcome (delivered, delivered_minimal, retry, dead_letter)', labelNames: ['channel', 'outcome'], registers }),
      minimalPages: new Counter({ name: 'vigie_alert_pages_minimal_total', help: 'Pages refused by the receiver (400, 413, SMTP 552) and sent again as headline + link', labelNames: ['channel', 'status'], registers }),
      latency: new Histogram({ name: 'vigie_alert_delivery_seconds', help: 'Time from alert creation to channel acknowledgement', labelNames: ['channel'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 30, 120, 600], registers }),
      tooLate: new Counter({ name: 'vigie_alert_mentions_too_late_total', help: 'Mentions later than the allowed lateness', labelNames: ['rule'], registers }),
    };
    cache.set(m, a);
  }
  return a;
}
