import { oneLine, safeUrl } from '../notify/escape.ts';
import type { Alert, AlertType, Severity } from './contracts.ts';

/** Languages message texts exist in. */
export const languages = ['fr', 'en'] as const;
export type Language = (typeof languages)[number];

const TYPE: Record<Language, Record<AlertType, string>> = {
  en: { opened: 'Opened', updated: 'Update', escalated: 'Escalated', resolved: 'Resolved' },
  fr: { opened: 'Ouvert', updated: 'Mise à jour', escalated: 'Aggravé', resolved: 'Résolu' },
};
const SEVERITY: Record<Language, Record<Severity, string>> = {
  en: { info: 'info', warning: 'warning', critical: 'critical' },
  fr: { info: 'info', warning: 'avertissement', critical: 'critique' },
};
/** Labels of the evidence sections. */
export const LABELS: Record<Language, Record<'count' | 'baseline' | 'window' | 'samples' | 'authors' | 'terms' | 'kibana' | 'opened' | 'scope' | 'severity' | 'test' | 'rules' | 'quiet' | 'incident', string>> = {
  en: { count: 'Mentions', baseline: 'Baseline', window: 'Window', samples: 'Sample mentions', authors: 'Top authors', terms: 'Top terms', kibana: 'Open in Kibana', opened: 'Opened at', scope: 'Scope', severity: 'Severity', test: 'TEST — sample alert', rules: 'Rules firing', quiet: 'no longer firing', incident: 'Incident' },
  fr: { count: 'Mentions', baseline: 'Référence', window: 'Fenêtre', samples: 'Exemples de mentions', authors: 'Principaux auteurs', terms: 'Principaux termes', kibana: 'Ouvrir dans Kibana', opened: 'Ouvert le', scope: 'Périmètre', severity: 'Gravité', test: 'TEST — alerte d’exemple', rules: 'Règles déclenchées', quiet: 'ne se déclenche plus', incident: 'Incident' },
};

const fmtCache = new Map<string, Intl.DateTimeFormat>();

/** Renders an instant in the configured zone, e.g. "5 janv. 2026, 07 h 00 HNE" / "Jan 5, 2026, 7:00 a.m. EST". */
export function formatTime(iso: string, timeZone: string, lang: Language): string {
  const key = `${timeZone}|${lang}`;
  let f = fmtCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
    fmtCache.set(key, f);
  }
  return f.format(new Date(iso));
}

/** Human name of a scope key. */
export function scopeLabel(scope: string, lang: Language): string {
  if (scope === 'all') return lang === 'fr' ? 'toutes les mentions' : 'all mentions';
  if (scope.startsWith('entry:')) return scope.slice(6);
  return scope;
}

/** Rule names of an incident for a title: the event's rule first, at most three, then `+N`. */
function ruleNames(a: Alert): string {
  const names = [a.rule, ...(a.rules ?? []).map((r) => r.rule).filter((n) => n !== a.rule)];
  const uniq = [...new Set(names)];
  return uniq.length > 3 ? `${uniq.slice(0, 3).join(', ')} +${uniq.length - 3}` : uniq.join(', ');
}

/** One-line title, e.g. `[Opened · critical] brand-spike — Acme` or `[Opened · critical] brand-spike, brand-negative — Acme`. */
export function titleOf(a: Alert, lang: Language): string {
  const test = a.test ? `${LABELS[lang].test} · ` : '';
  return `${test}[${TYPE[lang][a.type]} · ${SEVERITY[lang][a.severity]}] ${ruleNames(a)} — ${scopeLabel(a.scope, lang)}`;
}

/**
 * One plain line per rule of the incident (`rule (severity): reason`), the event's rule first:
 * what every channel shows so that the opening carries every firing rule's evidence. Empty
 * for a single-rule incident (the reason already says it). Reasons may quote a term from posts
 * (new_term): channels escape these lines for their format.
 */
export function ruleLines(a: Alert, lang: Language): string[] {
  const rules = a.rules ?? [];
  if (rules.length <= 1) return [];
  const ordered = [...rules.filter((r) => r.rule === a.rule), ...rules.filter((r) => r.rule !== a.rule)];
  return ordered.map((r) => `${r.rule} (${SEVERITY[lang][r.severity]}${r.active ? '' : ` · ${LABELS[lang].quiet}`}): ${r.reason[lang]}`);
}

export function severityLabel(s: Severity, lang: Language): string {
  return SEVERITY[lang][s];
}

/** "+12 more" / "+12 autres": what a page says about evidence it left out. */
export function moreLabel(n: number, lang: Language): string {
  return lang === 'fr' ? `+${n} autres` : `+${n} more`;
}

function rison(s: string): string {
  return `'${s.replace(/!/g, '!!').replace(/'/g, "!'")}'`;
}

/** Kibana Discover link for a KQL query over a time range (rison in the hash, as Kibana writes it). */
export function kibanaLink(base: string, kql: string, from: string, to: string, dataViewId?: string): string {
  const g = `(time:(from:${rison(from)},to:${rison(to)}))`;
  const dv = dataViewId ? `dataSource:(dataViewId:${rison(dataViewId)},type:dataView),` : '';
  const a = `(${dv}query:(language:kuery,query:${rison(kql)}))`;
  return `${base.replace(/\/+$/, '')}/app/discover#/?_g=${encodeURIComponent(g)}&_a=${encodeURIComponent(a)}`;
}

/**
 * Longest "Open in Kibana" link: Slack refuses a whole message whose button URL exceeds 3,000
 * characters (https://api.slack.com/reference/block-kit/block-elements#button), the smallest
 * URL limit among the receivers; browsers and Kibana take far longer ones.
 */
export const KIBANA_LINK_MAX = 3000;

/**
 * The link of the first query whose link fits in `max` characters: callers pass the exact query,
 * then broader ones (the scope alone, then none: the time range still selects the window), so
 * a rule with hundreds of terms still gets a working link, wider than its evidence, never
 * narrower.
 */
export function kibanaLinkWithin(base: string, queries: readonly string[], from: string, to: string, dataViewId?: string, max = KIBANA_LINK_MAX): string | undefined {
  for (const q of [...queries, '']) {
    const link = kibanaLink(base, q, from, to, dataViewId);
    if (link.length <= max) return link;
  }
  return undefined;
}

/** Plain-text rendering (logs, `vigie alerts test` output, email text part). */
export function plainText(a: Alert, lang: Language): string {
  const L = LABELS[lang];
  const e = a.evidence;
  const lines = [titleOf(a, lang), a.reason[lang], `${L.opened}: ${formatTime(a.openedAt, a.timeZone, lang)}`, `${L.count}: ${e.count}${e.baseline !== undefined ? ` · ${L.baseline}: ${e.baseline}` : ''}`];
  const rules = ruleLines(a, lang);
  if (rules.length) lines.push(`${L.rules}:`, ...rules.map((r) => `  ${r}`));
  if (e.topAuthors.length) lines.push(`${L.authors}: ${e.topAuthors.map((x) => `${x.author} (${x.count})`).join(', ')}`);
  if (e.topTerms.length) lines.push(`${L.terms}: ${e.topTerms.map((x) => `${x.term} (${x.count})`).join(', ')}`);
  for (const s of e.samples) lines.push(`- ${s.author ?? s.source}: ${oneLine(s.title ?? s.text, 160)}${safeUrl(s.url) ? ` <${safeUrl(s.url)}>` : ''}`);
  if (a.kibanaUrl) lines.push(`${L.kibana}: ${a.kibanaUrl}`);
  if (a.incidentId) lines.push(`${L.incident}: ${a.incidentId}`);
  return lines.join('\n');
}
