import { createHash } from 'node:crypto';
import { utf8Bytes } from '../../../core/text/graphemes.ts';
import type { Alert, Severity } from '../../contracts.ts';
import { fitPage, type PageView } from '../../page.ts';
import { oneLine, safeUrl } from '../../../notify/escape.ts';
import { scopeLabel, type Language } from '../../render.ts';
import type { PagerdutyConfig } from './config.ts';

const PD_SEVERITY: Record<Severity, 'critical' | 'warning' | 'info'> = { critical: 'critical', warning: 'warning', info: 'info' };

/**
 * PagerDuty Events API v2 limits, from PagerDuty's developer docs
 * (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/ and .../overview/; source
 * github.com/PagerDuty/developer-docs, docs/events-API-v2/02-Trigger-Events.md and 01-Overview.md):
 * `payload.summary` at most 1,024 characters, `dedup_key` at most 255 characters, and the whole
 * event at most 512 KB (counted here as 512,000 bytes of UTF-8 JSON).
 */
export const PAGERDUTY_LIMITS = { summary: 1024, dedupKey: 255, eventBytes: 512_000 } as const;

/** The incident id, or a digest of it when it is longer than PagerDuty keeps (same incident, same key). */
export function pagerdutyDedupKey(episodeId: string): string {
  if (episodeId.length <= PAGERDUTY_LIMITS.dedupKey) return episodeId;
  return `vigie-${createHash('sha256').update(episodeId).digest('hex')}`;
}

function trigger(a: Alert, cfg: PagerdutyConfig, lang: Language, base: Record<string, unknown>, v: PageView): Record<string, unknown> {
  const e = a.evidence;
  const kibana = safeUrl(a.kibanaUrl);
  const links = [
    ...(kibana ? [{ href: kibana, text: 'Kibana' }] : []),
    ...v.samples.flatMap((s) => (s.url ? [{ href: s.url, text: oneLine(`${s.who}: ${s.text}`, 100) }] : [])).slice(0, 4),
  ];
  return {
    ...base,
    payload: {
      summary: oneLine(`${a.test ? '[TEST] ' : ''}${a.rule} — ${scopeLabel(a.scope, lang)}: ${a.reason[lang]}`, PAGERDUTY_LIMITS.summary),
      source: cfg.source,
      severity: PD_SEVERITY[a.severity],
      timestamp: a.eventTime,
      component: oneLine(scopeLabel(a.scope, 'en'), 255),
      group: a.rule,
      class: a.kind,
      custom_details: {
        alert_id: a.id,
        incident_id: a.incidentId,
        type: a.type,
        rules: (a.rules ?? []).map((r) => ({ rule: r.rule, kind: r.kind, severity: r.severity, active: r.active, first_at: r.firstAt, reason: r.reason[lang], count: r.evidence.count })),
        count: e.count,
        baseline: e.baseline,
        metrics: v.minimal ? {} : e.metrics,
        window: e.window,
        top_authors: v.authors,
        top_terms: v.terms,
        samples: v.samples.map((s) => ({ author: s.who, url: s.url, text: s.text })),
        ...(v.samplesOmitted + v.termsOmitted + v.authorsOmitted > 0 ? { omitted: { samples: v.samplesOmitted, terms: v.termsOmitted, authors: v.authorsOmitted } } : {}),
      },
    },
    client: 'Vigie',
    ...(kibana ? { client_url: kibana } : {}),
    links,
  };
}

/**
 * Events API v2 body. `dedup_key` is the incident id, so PagerDuty folds every event of a Vigie
 * incident into one alert; the channel sends only the opening, escalations (a new `trigger` with
 * the same key: PagerDuty updates the alert and its severity) and the resolution.
 */
export function pagerdutyEvent(a: Alert, cfg: PagerdutyConfig, lang: Language): Record<string, unknown> {
  const action = a.type === 'resolved' ? 'resolve' : a.type === 'escalated' && cfg.acknowledgeOnEscalation ? 'acknowledge' : 'trigger';
  const base = { routing_key: cfg.routingKey, event_action: action, dedup_key: pagerdutyDedupKey(a.incidentId ?? a.episodeId) };
  if (action !== 'trigger') return base;
  return fitPage(a, (v) => trigger(a, cfg, lang, base, v), (ev) => utf8Bytes(JSON.stringify(ev)) <= PAGERDUTY_LIMITS.eventBytes, { sampleChars: 200 });
}
