import type { ReportLocale } from '../config.ts';
import { fill, formatter, type Fmt } from '../i18n.ts';
import { listedEntries, type AuthorRow, type Compared, type EntityShare, type MentionRow, type PlatformRow, type ReportData, type SentimentCounts } from '../model.ts';
import { noteTexts, summarize } from '../summary.ts';
import { escapeHtml } from '../../notify/escape.ts';
import { COLORS, hBars, lineChart, stackedBars, timeline, type HBarRow } from './svg.ts';

/**
 * The report as one self-contained HTML file: inline CSS and SVG, no script, no remote font or
 * image, so it reads offline, in an email client and prints to PDF (Letter, one `section.page`
 * per printed page when the content fits). Every user text goes through `escapeHtml` (notify/escape.ts); links are kept
 * only when they are http(s).
 */

/** An http(s) URL escaped for an attribute, or null (javascript:, data: and the like are dropped). */
export function safeUrl(u: string | null | undefined): string | null {
  return u && /^https?:\/\/[^\s]+$/i.test(u) ? escapeHtml(u) : null;
}

function changeBadge(c: Compared | { change: number | null; previous: number }, f: Fmt, goodWhenUp: boolean | null): string {
  if (c.change === null) return c.previous === 0 ? `<span class="chg">${escapeHtml(f.t.newValue)}</span>` : '';
  const cls = Math.abs(c.change) < 0.005 || goodWhenUp === null ? 'chg' : (c.change > 0) === goodWhenUp ? 'chg up' : 'chg down';
  const arrow = c.change > 0.005 ? '▲' : c.change < -0.005 ? '▼' : '■';
  return `<span class="${cls}">${arrow} ${escapeHtml(f.changePct(c.change))}</span>`;
}

function kpi(label: string, value: string, sub: string): string {
  return `<div class="kpi"><div class="kpi-label">${escapeHtml(label)}</div><div class="kpi-value">${value}</div><div class="kpi-sub">${sub}</div></div>`;
}

function toneBar(s: SentimentCounts, f: Fmt): string {
  const total = s.positive + s.neutral + s.negative;
  if (total === 0) return '<span class="muted">—</span>';
  const seg = (n: number, cls: string, label: string) => (n > 0 ? `<span class="tone-${cls}" style="width:${((n / total) * 100).toFixed(1)}%" title="${escapeHtml(`${label}: ${f.int(n)}`)}"></span>` : '');
  return `<span class="tone">${seg(s.positive, 'pos', f.t.positive)}${seg(s.neutral, 'neu', f.t.neutral)}${seg(s.negative, 'neg', f.t.negative)}</span> <span class="net">${escapeHtml(f.signed(s.net))}</span>`;
}

function table(head: string[], rows: string[][], cls = ''): string {
  return `<table class="${cls}"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function empty(text: string): string {
  return `<p class="empty">${escapeHtml(text)}</p>`;
}

function header(d: ReportData, f: Fmt): string {
  const first = d.week.days[0]!;
  const last = d.week.days[6]!;
  return `<header class="top"><div class="brandline">Vigie · ${escapeHtml(f.t.title)}</div><h1>${escapeHtml(d.brand)}</h1><div class="week">${escapeHtml(f.t.weekOf)} ${escapeHtml(f.dateLong(first))} ${escapeHtml(f.t.to)} ${escapeHtml(f.dateLong(last))} · ${escapeHtml(d.week.id)} · ${escapeHtml(d.week.timeZone)}</div></header>`;
}

function summaryBox(d: ReportData, locale: ReportLocale): string {
  const s = summarize(d, locale);
  return `<section class="summary" aria-label="summary"><p class="headline">${escapeHtml(s.headline)}</p>${s.sentences.length ? `<ul>${s.sentences.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>` : ''}</section>`;
}

function kpis(d: ReportData, f: Fmt): string {
  const brand = d.shareOfVoice.entities.find((e) => e.role === 'brand');
  const net = d.sentiment.current.net;
  const netSub =
    d.sentiment.netChange !== null
      ? `<span class="${d.sentiment.netChange >= 0 ? 'chg up' : 'chg down'}">${d.sentiment.netChange >= 0 ? '▲' : '▼'} ${escapeHtml(f.signed(d.sentiment.netChange))}</span>`
      : '';
  const crit = d.alerts.episodes.filter((e) => e.severity === 'critical').length;
  return `<div class="kpis">${[
    kpi(f.t.mentions, escapeHtml(f.int(d.volume.current)), `${changeBadge(d.volume, f, null)} <span class="muted">· ${escapeHtml(f.int(d.volume.previous))} ${escapeHtml(f.t.vsPrevious)}</span>`),
    kpi(f.t.netSentiment, escapeHtml(f.signed(net)), `${netSub} <span class="muted">${escapeHtml(f.t.positive)} ${escapeHtml(f.int(d.sentiment.current.positive))} · ${escapeHtml(f.t.negative)} ${escapeHtml(f.int(d.sentiment.current.negative))}</span>`),
    kpi(f.t.shareOfVoice, escapeHtml(f.pct(brand?.share ?? null)), brand && brand.shareChange !== null ? `<span class="chg">${escapeHtml(f.points(brand.shareChange))}</span>` : ''),
    kpi(f.t.uniqueAuthors, escapeHtml(f.int(d.volume.uniqueAuthors.current)), changeBadge(d.volume.uniqueAuthors, f, null)),
    kpi(f.t.alerts, escapeHtml(f.int(d.alerts.episodes.length)), crit ? `<span class="chg down">${escapeHtml(f.int(crit))} ${escapeHtml(f.t.critical)}</span>` : ''),
  ].join('')}</div>`;
}

function volumeSection(d: ReportData, f: Fmt): string {
  const cats = d.byDay.map((x) => f.dayShort(x.date));
  const line = lineChart({
    title: f.t.chartVolume,
    desc: d.byDay.map((x) => `${f.dayLong(x.date)}: ${f.int(x.count)} (${f.int(x.previousCount)})`).join('; '),
    categories: cats,
    series: [
      { name: f.t.lastWeek, values: d.byDay.map((x) => x.previousCount), color: COLORS.previous, dashed: true },
      { name: f.t.thisWeek, values: d.byDay.map((x) => x.count), color: COLORS.brand, area: true },
    ],
    format: f.int,
    width: 700,
    height: 200,
  });
  const bars = stackedBars({
    title: f.t.chartSentiment,
    desc: d.byDay.map((x) => `${f.dayLong(x.date)}: +${x.sentiment.positive} / ${x.sentiment.neutral} / −${x.sentiment.negative}`).join('; '),
    categories: cats,
    series: [
      { name: f.t.positive, values: d.byDay.map((x) => x.sentiment.positive), color: COLORS.positive },
      { name: f.t.neutral, values: d.byDay.map((x) => x.sentiment.neutral), color: COLORS.neutral },
      { name: f.t.negative, values: d.byDay.map((x) => x.sentiment.negative), color: COLORS.negative },
    ],
    format: f.int,
    width: 700,
    height: 170,
    secondary: {
      label: f.t.net,
      values: d.byDay.map((x) => f.signed(x.sentiment.net)),
      colors: d.byDay.map((x) => ((x.sentiment.net ?? 0) < 0 ? COLORS.negative : (x.sentiment.net ?? 0) > 0 ? COLORS.positive : COLORS.axis)),
    },
  });
  return `<h2>${escapeHtml(f.t.volumeByDay)}</h2>${line}<h2>${escapeHtml(f.t.sentimentByDay)}</h2>${bars}`;
}

function peakSection(d: ReportData, f: Fmt): string {
  const p = d.peakDay;
  if (!p) return '';
  const hours = p.byHour.map((_, h) => String(h).padStart(2, '0'));
  const chart = stackedBars({
    title: `${f.t.chartHour} (${f.dayLong(p.date)})`,
    desc: p.byHour.map((c, h) => `${h} h: ${c}`).join('; '),
    categories: hours,
    series: [{ name: f.t.mentions, values: p.byHour, color: COLORS.brand }],
    format: f.int,
    labelEvery: 2,
    width: 700,
    height: 140,
  });
  return `<h2>${escapeHtml(f.t.peakDay)} — ${escapeHtml(f.dayLong(p.date))} (${escapeHtml(f.int(p.count))})</h2>${chart}`;
}

/** ` ↳ Acme 130 · Acme Phone 27` after an organisation's name; nothing for a row that is one entry. */
function entriesText(e: EntityShare, f: Fmt): string {
  const xs = listedEntries(e);
  return xs.length ? ` <span class="muted">↳ ${xs.map((x) => `${escapeHtml(x.name)} ${escapeHtml(f.int(x.mentions.current))}`).join(' · ')}</span>` : '';
}

function shareSection(d: ReportData, f: Fmt): string {
  const es = d.shareOfVoice.entities;
  if (es.length < 2) return `<h2>${escapeHtml(f.t.shareOfVoice)}</h2>${empty(noteTexts({ ...d, notes: [{ code: 'no_competitors' }] }, f.locale)[0]!)}`;
  const rows: HBarRow[] = es.map((e) => ({
    label: e.name,
    valueLabel: f.pct(e.share),
    segments: [
      { name: f.t.positive, value: e.sentiment.positive, color: COLORS.positive },
      { name: f.t.neutral, value: e.sentiment.neutral, color: COLORS.neutral },
      { name: f.t.negative, value: e.sentiment.negative, color: COLORS.negative },
    ],
  }));
  const chart = hBars({
    title: f.t.chartShare,
    desc: es.map((e) => `${e.name}: ${f.pct(e.share)} (${f.int(e.mentions.current)})`).join('; '),
    rows,
    legend: [
      { name: f.t.positive, color: COLORS.positive },
      { name: f.t.neutral, color: COLORS.neutral },
      { name: f.t.negative, color: COLORS.negative },
    ],
    max: Math.max(1, ...es.map((e) => e.mentions.current)),
    width: 700,
  });
  const tbl = table(
    [f.t.entity, f.t.mentions, f.t.change, f.t.share, f.t.change, f.t.tone],
    es.map((e) => [
      // The organisation's entries on the same line, each with its own count (their sum may
      // exceed the row's): one line per row keeps the section on its printed page.
      `${e.role === 'brand' ? '<strong>' : ''}${escapeHtml(e.name)}${e.role === 'brand' ? '</strong>' : ''}${entriesText(e, f)}`,
      escapeHtml(f.int(e.mentions.current)),
      changeBadge(e.mentions, f, null),
      escapeHtml(f.pct(e.share)),
      escapeHtml(f.points(e.shareChange)),
      toneBar(e.sentiment, f),
    ]),
    'num',
  );
  const grouped = es.some((e) => listedEntries(e).length > 0);
  return `<h2>${escapeHtml(f.t.shareOfVoice)}</h2>${chart}${tbl}${grouped ? `<p class="muted">${escapeHtml(f.t.orgEntriesNote)}</p>` : ''}`;
}

function platformTable(rows: PlatformRow[], f: Fmt, first: string): string {
  if (rows.length === 0) return empty(f.t.none);
  return table(
    [first, f.t.mentions, f.t.share, f.t.change, f.t.tone],
    rows.map((r) => [escapeHtml(r.key), escapeHtml(f.int(r.mentions.current)), escapeHtml(f.pct(r.share)), changeBadge(r.mentions, f, null), toneBar(r.sentiment, f)]),
    'num',
  );
}

function platformsSection(d: ReportData, f: Fmt): string {
  const p = d.platforms;
  const chart =
    p.names.length > 0
      ? hBars({
          title: f.t.chartPlatforms,
          desc: p.names.map((r) => `${r.key}: ${f.int(r.mentions.current)}`).join('; '),
          rows: p.names.slice(0, HTML_TOP).map((r) => ({
            label: r.key,
            valueLabel: f.int(r.mentions.current),
            segments: [
              { name: f.t.positive, value: r.sentiment.positive, color: COLORS.positive },
              { name: f.t.neutral, value: r.sentiment.neutral, color: COLORS.neutral },
              { name: f.t.negative, value: r.sentiment.negative, color: COLORS.negative },
            ],
          })),
          width: 700,
        })
      : '';
  return `<h2>${escapeHtml(f.t.platforms)}</h2>${chart}<div class="cols"><div><h3>${escapeHtml(f.t.sourceKinds)}</h3>${platformTable(p.kinds.slice(0, HTML_TOP), f, f.t.kind)}</div><div><h3>${escapeHtml(f.t.domains)}</h3>${platformTable(p.domains.slice(0, HTML_TOP), f, f.t.site)}</div></div>`;
}

/** Rows per platform, language and country table in the HTML (the JSON keeps all): each page must fit one printed page. */
const HTML_TOP = 5;

function authorName(a: AuthorRow, compact: boolean): string {
  const url = safeUrl(a.url);
  const name = escapeHtml(a.name) + (!compact && a.handle && a.handle !== a.name ? ` <span class="muted">${escapeHtml(a.handle)}</span>` : '');
  return url ? `<a href="${url}">${name}</a>` : name;
}

function authorTable(rows: AuthorRow[], f: Fmt, withInfluence: boolean): string {
  if (rows.length === 0) return empty(f.t.none);
  const head = [f.t.author, f.t.mentions, f.t.positive, f.t.negative, ...(withInfluence ? [f.t.influence, f.t.followers] : [])];
  return table(
    head,
    rows.map((a) => [
      // Half-width tables (fans, critics) show the name only, so each row stays one line.
      withInfluence ? `${authorName(a, false)}${a.sourceKind ? ` <span class="muted">· ${escapeHtml(a.sourceKind)}</span>` : ''}` : `<span class="cell-clip">${authorName(a, true)}</span>`,
      escapeHtml(f.int(a.mentions)),
      escapeHtml(f.int(a.positive)),
      escapeHtml(f.int(a.negative)),
      ...(withInfluence ? [escapeHtml(a.influence === null ? '—' : f.int(a.influence)), escapeHtml(f.int(a.followers))] : []),
    ]),
    'num',
  );
}

function peopleSection(d: ReportData, f: Fmt): string {
  return `<h2>${escapeHtml(f.t.people)}</h2><h3>${escapeHtml(f.t.leaders)}</h3>${authorTable(d.people.leaders, f, true)}<div class="cols"><div><h3>${escapeHtml(f.t.fans)}</h3>${authorTable(d.people.fans, f, false)}</div><div><h3>${escapeHtml(f.t.critics)}</h3>${authorTable(d.people.critics, f, false)}</div></div>`;
}

function mentionCards(rows: MentionRow[], f: Fmt, tone: 'pos' | 'neg'): string {
  if (rows.length === 0) return empty(f.t.none);
  return rows
    .map((m) => {
      const url = safeUrl(m.url);
      const title = escapeHtml(m.title ?? m.excerpt.slice(0, 90));
      const host = m.url && url ? new URL(m.url).host : null;
      const meta = [m.source, m.author, f.dateTime(m.publishedAt), m.engagement !== null ? `${f.t.engagement} ${f.int(m.engagement)}` : null, host].filter((x): x is string => Boolean(x)).map(escapeHtml);
      // The title is the link (kept clickable in the PDF); the host says where it goes.
      return `<article class="mention ${tone}"><div class="m-title">${url ? `<a href="${url}">${title}</a>` : title}</div><div class="m-meta">${meta.join(' · ')}</div>${m.title ? `<p class="m-text">${escapeHtml(m.excerpt)}</p>` : ''}</article>`;
    })
    .join('');
}

function mentionsSection(d: ReportData, f: Fmt): string {
  return `<h2>${escapeHtml(f.t.topMentions)}</h2><h3>${escapeHtml(f.t.topPositive)}</h3>${mentionCards(d.topMentions.positive, f, 'pos')}<h3>${escapeHtml(f.t.topNegative)}</h3>${mentionCards(d.topMentions.negative, f, 'neg')}`;
}

function emergingSection(d: ReportData, f: Fmt): string {
  const tags =
    d.emerging.hashtags.length === 0
      ? empty(f.t.none)
      : table(
          [f.t.hashtags, f.t.thisWeek, f.t.baseline, f.t.growth],
          d.emerging.hashtags.slice(0, 8).map((h) => [escapeHtml(`#${h.tag}`), escapeHtml(f.int(h.current)), escapeHtml(h.baselineWeekly.toLocaleString(f.tag, { maximumFractionDigits: 1 })), h.isNew ? `<span class="chg">${escapeHtml(f.t.newTag)}</span>` : escapeHtml(`×${h.growth!.toLocaleString(f.tag, { maximumFractionDigits: 1 })}`)]),
          'num',
        );
  const terms =
    d.emerging.terms.length === 0
      ? empty(f.t.none)
      : table(
          [f.t.terms, f.t.thisWeek, `${f.t.baseline} (${d.emerging.baselineWeeks})`],
          d.emerging.terms.slice(0, 8).map((t) => [escapeHtml(t.term), escapeHtml(f.int(t.current)), escapeHtml(f.int(t.baseline))]),
          'num',
        );
  return `<h2>${escapeHtml(f.t.emerging)}</h2><div class="cols"><div><h3>${escapeHtml(f.t.hashtags)}</h3>${tags}</div><div><h3>${escapeHtml(f.t.terms)}</h3>${terms}</div></div>`;
}

function alertsSection(d: ReportData, f: Fmt): string {
  const eps = d.alerts.episodes;
  if (eps.length === 0) return `<h2>${escapeHtml(f.t.alertsTimeline)}</h2>${empty(d.alerts.indexFound ? f.t.noneAlerts : noteTexts({ ...d, notes: d.notes.filter((n) => n.code === 'alerts_index_missing') }, f.locale)[0] ?? f.t.noneAlerts)}`;
  const start = Date.parse(d.week.start);
  const end = Date.parse(d.week.end);
  const dayTicks = d.week.days.map((date, i) => ({ t: start + ((end - start) * i) / 7, label: f.dayShort(date) }));
  const color = (s: string) => (s === 'critical' ? COLORS.negative : s === 'warning' ? '#e07b39' : COLORS.brand);
  const chart = timeline({
    title: f.t.chartAlerts,
    desc: eps.map((e) => `${f.dateTime(e.openedAt)} ${e.severity} ${e.title ?? e.rule}`).join('; '),
    start,
    end,
    ticks: dayTicks,
    events: eps.map((e) => ({ t: Date.parse(e.openedAt), ...(e.resolvedAt ? { end: Date.parse(e.resolvedAt) } : {}), label: `${e.title ?? e.rule} (${e.severity})`, color: color(e.severity) })),
    width: 700,
  });
  const tbl = table(
    [f.t.opened, f.t.severity, f.t.rule, f.t.alerts, f.t.resolved],
    eps.map((e) => [escapeHtml(f.dateTime(e.openedAt)), `<span class="sev sev-${escapeHtml(e.severity)}">${escapeHtml(e.severity)}</span>`, escapeHtml(`${e.rule} · ${e.scope}`), escapeHtml(e.title ?? e.summary ?? ''), escapeHtml(e.resolvedAt ? f.dateTime(e.resolvedAt) : f.t.ongoing)]),
  );
  return `<h2>${escapeHtml(f.t.alertsTimeline)}</h2>${chart}${tbl}`;
}

function audienceSection(d: ReportData, f: Fmt): string {
  const langs = d.languages.length === 0 ? empty(f.t.none) : table([f.t.languages, f.t.mentions, f.t.share], d.languages.slice(0, HTML_TOP).map((l) => [escapeHtml(f.language(l.key)), escapeHtml(f.int(l.count)), escapeHtml(f.pct(l.share))]), 'num');
  const countries =
    d.countries.rows.length === 0
      ? empty(f.t.countriesUnknown)
      : table([f.t.countries, f.t.mentions, f.t.share], d.countries.rows.slice(0, HTML_TOP).map((l) => [escapeHtml(f.country(l.key)), escapeHtml(f.int(l.count)), escapeHtml(f.pct(l.share))]), 'num');
  return `<h2>${escapeHtml(f.t.audience)}</h2><div class="cols"><div>${langs}</div><div>${countries}</div></div>`;
}

/** "47 min · prev. 38 min": a figure of this week and last week's. */
function withPrevious(cur: string, prev: string, f: Fmt): string {
  return `${escapeHtml(cur)} <span class="muted">· ${escapeHtml(prev)} ${escapeHtml(f.t.vsPrevious)}</span>`;
}

function responsesSection(d: ReportData, f: Fmt): string {
  const r = d.responses;
  if (!r) return `<h2>${escapeHtml(f.t.responses)}</h2>${empty(f.t.noOwned)}`;
  const c = r.current;
  const p = r.previous;
  const rateChange = c.rate !== null && p.rate !== null ? `<span class="chg ${c.rate >= p.rate ? 'up' : 'down'}">${escapeHtml(f.points(c.rate - p.rate))}</span>` : '';
  const kpis = `<div class="kpis">${[
    kpi(f.t.responseRate, escapeHtml(f.pct(c.rate)), `${rateChange} <span class="muted">${escapeHtml(f.int(c.answered))} / ${escapeHtml(f.int(c.needed))} · ${escapeHtml(f.pct(p.rate))} ${escapeHtml(f.t.vsPrevious)}</span>`),
    kpi(f.t.medianResponse, escapeHtml(f.duration(c.medianSeconds)), `<span class="muted">${escapeHtml(f.duration(p.medianSeconds))} ${escapeHtml(f.t.vsPrevious)}</span>`),
    kpi(f.t.p90Response, escapeHtml(f.duration(c.p90Seconds)), `<span class="muted">${escapeHtml(f.duration(p.p90Seconds))} ${escapeHtml(f.t.vsPrevious)}</span>`),
    kpi(f.t.waitingNow, escapeHtml(f.int(c.waiting)), c.handled ? `<span class="muted">${escapeHtml(f.int(c.handled))} ${escapeHtml(f.t.handledDesk.toLowerCase())}</span>` : ''),
  ].join('')}</div>`;
  if (c.needed === 0 && p.needed === 0) return `<h2>${escapeHtml(f.t.responses)}</h2>${kpis}${empty(f.t.noneNeeded)}`;
  const tbl = table(
    [f.t.platform, f.t.neededReply, f.t.answered, f.t.responseRate, f.t.medianResponse, f.t.p90Response, f.t.waitingNow],
    r.platforms.slice(0, HTML_TOP).map((x) => [
      escapeHtml(x.key),
      withPrevious(f.int(x.current.needed), f.int(x.previous.needed), f),
      escapeHtml(f.int(x.current.answered)),
      withPrevious(f.pct(x.current.rate), f.pct(x.previous.rate), f),
      withPrevious(f.duration(x.current.medianSeconds), f.duration(x.previous.medianSeconds), f),
      escapeHtml(f.duration(x.current.p90Seconds)),
      escapeHtml(f.int(x.current.waiting)),
    ]),
    'num',
  );
  const critics =
    r.critics.length === 0
      ? empty(f.t.noneCritics)
      : r.critics
          .slice(0, 6)
          .map((m) => {
            const url = safeUrl(m.url);
            const author = m.author ? (safeUrl(m.authorUrl) ? `<a href="${safeUrl(m.authorUrl)}">${escapeHtml(m.author)}</a>` : escapeHtml(m.author)) : '—';
            const meta = `${author} · ${escapeHtml(m.platform)} · ${escapeHtml(f.dateTime(m.publishedAt))} · <strong>${escapeHtml(f.t.waitingFor)} ${escapeHtml(f.duration(m.waitingSeconds))}</strong>${url ? ` · <a href="${url}">${escapeHtml(f.t.open)} ↗</a>` : ''}`;
            return `<article class="mention neg"><div class="m-meta">${meta}</div><p class="m-text">${escapeHtml(m.excerpt)}</p></article>`;
          })
          .join('') + (r.criticsWaiting > Math.min(6, r.critics.length) ? `<p class="muted">${escapeHtml(fill(f.t.moreCritics, { n: r.criticsWaiting - Math.min(6, r.critics.length) }))}</p>` : '');
  return `<h2>${escapeHtml(f.t.responses)}</h2>${kpis}${tbl}<h3>${escapeHtml(f.t.waitingCritics)}</h3>${critics}<p class="method">${escapeHtml(fill(f.t.responsesMethod, { platforms: r.ownedPlatforms.join(', ') }))}</p>`;
}

function notesSection(d: ReportData, f: Fmt): string {
  const notes = noteTexts(d, f.locale);
  return `${notes.length ? `<div class="notes"><h3>${escapeHtml(f.t.notes)}</h3><ul>${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></div>` : ''}<div class="method"><h3>${escapeHtml(f.t.method)}</h3><p>${escapeHtml(fill(f.t.methodText, { tz: d.week.timeZone, n: d.emerging.baselineWeeks }))}</p><p class="muted">${escapeHtml(f.t.generated)} ${escapeHtml(f.dateTime(d.generatedAt))} · index ${escapeHtml(d.indexPrefix)}-mentions</p></div>`;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#eef1f5;color:#1f2933;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.page{background:#fff;width:816px;margin:16px auto;padding:36px 44px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
header.top{border-bottom:3px solid #1f4e79;padding-bottom:10px;margin-bottom:14px}
.brandline{color:#6b7280;font-size:12px;letter-spacing:.04em;text-transform:uppercase}
h1{margin:2px 0;font-size:26px;color:#1f4e79}
.week{color:#4b5563}
h2{font-size:17px;color:#1f4e79;margin:14px 0 6px;border-bottom:1px solid #e5e7eb;padding-bottom:3px}
h3{font-size:14px;margin:12px 0 4px;color:#374151}
.summary{background:#f3f7fb;border-left:4px solid #1f4e79;padding:10px 14px;margin:10px 0}
.summary .headline{font-size:16px;font-weight:600;margin:0 0 4px}
.summary ul{margin:4px 0 0;padding-left:18px;font-size:13px}
.kpis{display:flex;gap:10px;margin:12px 0}
.kpi{flex:1;border:1px solid #e5e7eb;border-radius:6px;padding:8px 10px}
.kpi-label{font-size:11px;color:#6b7280;text-transform:uppercase;letter-spacing:.03em}
.kpi-value{font-size:24px;font-weight:700;color:#1f2933}
.kpi-sub{font-size:11px}
.chg{font-weight:600;color:#4b5563;white-space:nowrap}.chg.up{color:#2e7d32}.chg.down{color:#c62828}
.muted{color:#6b7280}
svg.chart{display:block;max-width:100%;height:auto;margin:4px 0}
table{border-collapse:collapse;width:100%;margin:4px 0 8px;font-size:12.5px}
th{text-align:left;color:#6b7280;font-weight:600;border-bottom:1px solid #d1d5db;padding:3px 6px}
td{border-bottom:1px solid #f0f1f3;padding:2px 6px;vertical-align:top}
table.num td:not(:first-child),table.num th:not(:first-child){text-align:right}
.tone{display:inline-flex;width:70px;height:9px;border-radius:2px;overflow:hidden;background:#e5e7eb;vertical-align:middle}
.tone-pos{background:#2e7d32}.tone-neu{background:#b0b7bf}.tone-neg{background:#c62828}
.net{display:inline-block;min-width:36px;font-variant-numeric:tabular-nums}
.cols{display:flex;gap:18px}.cols>div{flex:1;min-width:0}
.mention{border-left:3px solid #b0b7bf;padding:2px 10px;margin:4px 0;break-inside:avoid}
.cell-clip{display:inline-block;max-width:170px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;vertical-align:bottom}
.mention.pos{border-color:#2e7d32}.mention.neg{border-color:#c62828}
.m-title{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.m-meta{font-size:11px;color:#6b7280}
.m-text{margin:1px 0;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden;font-size:12px;line-height:1.35}
a{color:#1f4e79}
.empty{color:#6b7280;font-style:italic}
.sev{font-weight:600}.sev-critical{color:#c62828}.sev-warning{color:#b45309}
.notes{background:#fff8e6;border-left:4px solid #e9c46a;padding:6px 12px;margin-top:14px}
.notes ul{margin:4px 0;padding-left:18px}
.method{font-size:11.5px;color:#4b5563;margin-top:10px}
@page{size:letter;margin:10mm 12mm}
@media print{
  body{background:#fff;-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .page{box-shadow:none;margin:0;width:auto;padding:0;break-after:page}
  .page:last-child{break-after:auto}
  h2,h3{break-after:avoid}
  table,svg{break-inside:avoid}
}`;

/** Renders the report as a self-contained HTML document. */
export function renderHtml(d: ReportData, locale: ReportLocale): string {
  const f = formatter(locale, d.week.timeZone);
  const pages = [
    header(d, f) + summaryBox(d, locale) + kpis(d, f) + volumeSection(d, f),
    peakSection(d, f) + shareSection(d, f) + platformsSection(d, f),
    peopleSection(d, f) + audienceSection(d, f),
    mentionsSection(d, f),
    // A page of its own when the brand has owned accounts; otherwise one line before the notes.
    ...(d.responses ? [responsesSection(d, f)] : []),
    emergingSection(d, f) + alertsSection(d, f) + (d.responses ? '' : responsesSection(d, f)) + notesSection(d, f),
  ];
  return `<!DOCTYPE html>
<html lang="${f.tag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Vigie report v${d.version}">
<title>${escapeHtml(`${d.brand} — ${f.t.title} — ${d.week.id}`)}</title>
<style>${CSS}</style>
</head>
<body>
${pages.map((p, i) => `<section class="page" data-page="${i + 1}">${p}</section>`).join('\n')}
</body>
</html>
`;
}
