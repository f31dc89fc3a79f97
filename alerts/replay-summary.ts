import type { EnrichedMention } from '../core/mention.ts';
import { isPage, severityRank, type Alert, type Severity } from './contracts.ts';
import type { AlertsConfig } from './config.ts';
import { formatTime, scopeLabel, severityLabel, type Language } from './render.ts';
import { scopesOf } from './scope.ts';

const MIN = 60_000;
const BUCKET_MS = 5 * MIN;

/** One incident of a backtest. */
export interface IncidentLine {
  incidentId: string;
  scope: string;
  rules: string[];
  openedAt: number;
  firstPageAt?: number;
  /** Publication time of the incident's first mention (see onsetOf), when it could be told. */
  firstMentionAt?: number;
  pages: number;
  updates: number;
  peak: Severity;
  resolvedAt?: number;
}

/** What `vigie alerts replay` ends with. */
export interface ReplaySummary {
  mentions: number;
  from?: number;
  to?: number;
  rules: number;
  grouping: AlertsConfig['grouping'];
  incidents: IncidentLine[];
  pages: number;
  openings: number;
  escalations: number;
  updates: number;
  pagesPerWeek: number;
  /** Minutes from the first mention to the first page, per paged incident with a known first mention. */
  delaysMin: number[];
}

/**
 * Where the crisis behind a page started: walking back from the page in 5-minute buckets of the
 * scope's mentions, the earliest bucket of the unbroken run (one quiet bucket tolerated) whose
 * count is clearly above the scope's usual pace (its mean over the 24 hours ending 30 minutes
 * before the page, or the part of them the history covers: above twice the mean and the mean
 * plus two Poisson deviations), at most 6 hours back. A rise slower than that half-hour raises
 * the baseline too: the time is then measured from the part of the rise that stands out.
 * Returns the first mention of that bucket; undefined when the page's own bucket is not above
 * the pace (a page on one influential post, a silence).
 */
export function onsetOf(times: readonly number[], pageAt: number, historyFrom = times[0] ?? pageAt): number | undefined {
  const countIn = (from: number, to: number) => lowerBound(times, to) - lowerBound(times, from);
  const baseTo = pageAt - 30 * MIN;
  const baseFrom = Math.max(pageAt - 24 * 60 * MIN - 30 * MIN, historyFrom);
  const mean = baseTo - baseFrom >= BUCKET_MS ? countIn(baseFrom, baseTo) / ((baseTo - baseFrom) / BUCKET_MS) : 0;
  const threshold = Math.max(2 * mean, mean + 2 * Math.sqrt(mean));
  const elevated = (k: number) => countIn(pageAt - (k + 1) * BUCKET_MS, pageAt - k * BUCKET_MS) > threshold;
  if (!elevated(0)) return undefined;
  let earliest = 0;
  for (let k = 1; k < 72; k++) {
    if (elevated(k)) earliest = k;
    else if (!elevated(k + 1)) break;
  }
  const from = pageAt - (earliest + 1) * BUCKET_MS;
  const i = lowerBound(times, from);
  return i < times.length ? times[i]! : undefined;
}

function lowerBound(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Collects a backtest as it runs: the publication times of each scope's mentions (numbers only:
 * a month of a busy brand stays small) and every incident event, then sums them up.
 */
export class ReplayTally {
  private readonly times = new Map<string, number[]>();
  private readonly incidents = new Map<string, IncidentLine>();
  private readonly firstPage = new Map<string, Alert>();
  private mentions = 0;
  private from: number | undefined;
  private to: number | undefined;
  private openings = 0;
  private escalations = 0;
  private updates = 0;

  constructor(private readonly cfg: AlertsConfig) {}

  observe(m: EnrichedMention): void {
    const t = Date.parse(m.publishedAt);
    if (!Number.isFinite(t)) return;
    this.mentions += 1;
    if (this.from === undefined || t < this.from) this.from = t;
    if (this.to === undefined || t > this.to) this.to = t;
    const keys = new Set<string>([`source:${m.source.name}`]);
    for (const r of this.cfg.rules) for (const k of scopesOf(m, r.scope)) keys.add(k);
    for (const k of keys) {
      let list = this.times.get(k);
      if (!list) this.times.set(k, (list = []));
      // Mentions arrive in event-time order, nearly: keep the list sorted.
      if (list.length && list[list.length - 1]! > t) list.splice(lowerBound(list, t), 0, t);
      else list.push(t);
    }
  }

  add(a: Alert): void {
    let inc = this.incidents.get(a.incidentId);
    if (!inc) {
      inc = { incidentId: a.incidentId, scope: a.scope, rules: [], openedAt: Date.parse(a.openedAt), pages: 0, updates: 0, peak: a.severity };
      this.incidents.set(a.incidentId, inc);
    }
    inc.rules = [...new Set([...inc.rules, ...a.rules.map((r) => r.rule), a.rule])];
    if (severityRank(a.severity) > severityRank(inc.peak)) inc.peak = a.severity;
    const t = Date.parse(a.eventTime);
    if (isPage(a.type)) {
      inc.pages += 1;
      if (a.type === 'opened') this.openings += 1;
      else this.escalations += 1;
      if (inc.firstPageAt === undefined) {
        inc.firstPageAt = t;
        this.firstPage.set(a.incidentId, a);
      }
    } else if (a.type === 'updated') {
      inc.updates += 1;
      this.updates += 1;
    } else inc.resolvedAt = t;
  }

  /** The summary; `range` is the period asked for (`--since`), else the mentions' own span. */
  summary(range?: { from: number; to: number }): ReplaySummary {
    const incidents = [...this.incidents.values()].sort((x, y) => x.openedAt - y.openedAt);
    const delays: number[] = [];
    for (const inc of incidents) {
      if (inc.firstPageAt === undefined) continue;
      const base = inc.scope.split('/')[0]!;
      let first = this.times.has(base) ? onsetOf(this.times.get(base)!, inc.firstPageAt, this.from) : undefined;
      if (first === undefined && !base.startsWith('source:')) {
        // No visible rise (a page on one post): the earliest mention the first page quotes.
        const page = this.firstPage.get(inc.incidentId)!;
        const quoted = page.rules.flatMap((r) => r.evidence.samples.map((s) => Date.parse(s.publishedAt))).filter((x) => Number.isFinite(x) && x <= inc.firstPageAt!);
        first = quoted.length ? Math.min(...quoted) : undefined;
      }
      if (first !== undefined) {
        inc.firstMentionAt = first;
        delays.push((inc.firstPageAt - first) / MIN);
      }
    }
    const from = range?.from ?? this.from;
    const to = range?.to ?? this.to;
    const weeks = from !== undefined && to !== undefined ? Math.max(to - from, 86_400_000) / (7 * 86_400_000) : 1;
    const pages = this.openings + this.escalations;
    return {
      mentions: this.mentions,
      from,
      to,
      rules: this.cfg.rules.length,
      grouping: this.cfg.grouping,
      incidents,
      pages,
      openings: this.openings,
      escalations: this.escalations,
      updates: this.updates,
      pagesPerWeek: pages / weeks,
      delaysMin: delays,
    };
  }
}

type Words = 'head' | 'mentions' | 'from' | 'to' | 'rules' | 'grouping' | 'incidents' | 'paged' | 'never' | 'pages' | 'openings' | 'escalations' | 'perWeek' | 'perDay' | 'updates' | 'delay' | 'median' | 'worst' | 'none' | 'cOpened' | 'cScope' | 'cPeak' | 'cPages' | 'cUpd' | 'cDelay' | 'cRules' | 'cEnd' | 'open' | 'unknown';
const T: Record<Language, Record<Words, string>> = {
  en: {
    head: 'Backtest', mentions: 'mentions', from: 'from', to: 'to', rules: 'rules', grouping: 'grouping',
    incidents: 'Incidents', paged: 'paged', never: 'never paged (quiet hours, or over before a page)',
    pages: 'Pages', openings: 'openings', escalations: 'escalations', perWeek: 'per week', perDay: 'per day', updates: 'quiet updates',
    delay: 'First mention → first page', median: 'median', worst: 'worst', none: 'no incident',
    cOpened: 'opened', cScope: 'scope', cPeak: 'peak', cPages: 'pages', cUpd: 'updates', cDelay: '1st mention→page', cRules: 'rules', cEnd: 'resolved',
    open: 'still open', unknown: '—',
  },
  fr: {
    head: 'Rejeu', mentions: 'mentions', from: 'du', to: 'au', rules: 'règles', grouping: 'regroupement',
    incidents: 'Incidents', paged: 'avec alerte', never: 'sans alerte (heures calmes, ou fini avant une alerte)',
    pages: 'Alertes', openings: 'ouvertures', escalations: 'aggravations', perWeek: 'par semaine', perDay: 'par jour', updates: 'mises à jour discrètes',
    delay: 'Première mention → première alerte', median: 'médiane', worst: 'pire', none: 'aucun incident',
    cOpened: 'ouvert', cScope: 'périmètre', cPeak: 'gravité', cPages: 'alertes', cUpd: 'màj', cDelay: '1re mention→alerte', cRules: 'règles', cEnd: 'résolu',
    open: 'toujours ouvert', unknown: '—',
  },
};

function minutes(m: number | undefined, lang: Language): string {
  if (m === undefined) return T[lang].unknown;
  if (m < 90) return `${Math.round(m)} min`;
  return `${(m / 60).toFixed(1)} h`;
}

function median(xs: readonly number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1]! + s[k]!) / 2;
}

/** The summary as a person reads it, in the team's zone and language. */
export function renderSummary(s: ReplaySummary, timeZone: string, lang: Language): string {
  const L = T[lang];
  const t = (ms: number | undefined) => (ms === undefined ? L.unknown : formatTime(new Date(ms).toISOString(), timeZone, lang));
  const paged = s.incidents.filter((i) => i.pages > 0).length;
  const spanMs = s.from !== undefined && s.to !== undefined ? s.to - s.from : 0;
  const days = Math.max(spanMs, 86_400_000) / 86_400_000;
  const span = spanMs >= 86_400_000 ? `${(spanMs / 86_400_000).toFixed(1)} d` : `${(spanMs / 3_600_000).toFixed(1)} h`;
  const out = [
    `${L.head}: ${s.mentions} ${L.mentions} ${L.from} ${t(s.from)} ${L.to} ${t(s.to)} (${span}), ${s.rules} ${L.rules}, ${L.grouping}: ${s.grouping}`,
    `${L.incidents}: ${s.incidents.length} (${L.paged}: ${paged}, ${L.never}: ${s.incidents.length - paged})`,
    // Rates over at least a day: a three-hour sample does not make 50 pages a week.
    `${L.pages}: ${s.pages} (${s.openings} ${L.openings} + ${s.escalations} ${L.escalations}) · ${(s.pages / days).toFixed(2)} ${L.perDay} · ${s.pagesPerWeek.toFixed(1)} ${L.perWeek} · ${s.updates} ${L.updates}`,
    s.delaysMin.length ? `${L.delay}: ${L.median} ${minutes(median(s.delaysMin), lang)}, ${L.worst} ${minutes(Math.max(...s.delaysMin), lang)}` : `${L.delay}: ${s.incidents.length ? L.unknown : L.none}`,
  ];
  if (s.incidents.length) {
    const rows: string[][] = [[L.cOpened, L.cScope, L.cPeak, L.cPages, L.cUpd, L.cDelay, L.cEnd, L.cRules]];
    for (const i of s.incidents) {
      const delay = i.firstPageAt !== undefined && i.firstMentionAt !== undefined ? minutes((i.firstPageAt - i.firstMentionAt) / MIN, lang) : L.unknown;
      const rules = i.rules.length > 4 ? `${i.rules.slice(0, 4).join(', ')} +${i.rules.length - 4}` : i.rules.join(', ');
      rows.push([t(i.openedAt), scopeLabel(i.scope, lang), severityLabel(i.peak, lang), String(i.pages), String(i.updates), delay, i.resolvedAt === undefined ? L.open : t(i.resolvedAt), rules]);
    }
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
    out.push('', ...rows.map((r) => `  ${r.map((x, c) => (c === r.length - 1 ? x : x.padEnd(widths[c] ?? 0))).join('  ')}`));
  }
  return out.join('\n');
}
