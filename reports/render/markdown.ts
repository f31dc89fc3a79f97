import type { ReportLocale } from '../config.ts';
import { fill, formatter, type Fmt } from '../i18n.ts';
import { listedEntries, type AuthorRow, type Compared, type PlatformRow, type ReportData, type SentimentCounts } from '../model.ts';
import { noteTexts, summarize } from '../summary.ts';

/**
 * The report as Markdown (for a wiki, a ticket or a chat): the same sections as the HTML, tables
 * instead of charts. User text is escaped so it cannot break a table or inject a link.
 */

/** Escapes Markdown syntax and table pipes in user text; newlines become spaces. */
export function mdEscape(s: unknown): string {
  return String(s ?? '')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([\\`*_{}[\]()<>#+!|~])/g, '\\$1');
}

/**
 * A link destination inside a table cell: `<`, `>` and whitespace would end it, and a `|` would
 * end the cell (tables split rows on `|` before reading links), so all are percent-encoded.
 */
export function mdLinkUrl(u: string): string {
  return u.replace(/[<>|\s]/g, encodeURIComponent);
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function mdTable(head: string[], rows: string[][], numeric = true): string {
  if (rows.length === 0) return '';
  const align = head.map((_, i) => (numeric && i > 0 ? '---:' : '---'));
  return [row(head.map(mdEscape)), row(align), ...rows.map(row)].join('\n');
}

function chg(c: Compared, f: Fmt): string {
  return c.change === null && c.previous > 0 ? '—' : f.changePct(c.change);
}

function tone(s: SentimentCounts, f: Fmt): string {
  return `${f.int(s.positive)} / ${f.int(s.neutral)} / ${f.int(s.negative)} (${f.signed(s.net)})`;
}

function platforms(rows: PlatformRow[], f: Fmt, label: string): string {
  return mdTable([label, f.t.mentions, f.t.share, f.t.change, `${f.t.positive} / ${f.t.neutral} / ${f.t.negative}`], rows.map((r) => [mdEscape(r.key), f.int(r.mentions.current), f.pct(r.share), chg(r.mentions, f), tone(r.sentiment, f)])) || `_${f.t.none}_`;
}

function authors(rows: AuthorRow[], f: Fmt, withInfluence: boolean): string {
  return (
    mdTable(
      [f.t.author, f.t.mentions, f.t.positive, f.t.negative, ...(withInfluence ? [f.t.influence] : [])],
      rows.map((a) => [
        a.url && /^https?:\/\//i.test(a.url) ? `[${mdEscape(a.name)}](<${mdLinkUrl(a.url)}>)` : mdEscape(a.name),
        f.int(a.mentions),
        f.int(a.positive),
        f.int(a.negative),
        ...(withInfluence ? [f.int(a.influence)] : []),
      ]),
    ) || `_${f.t.none}_`
  );
}

/** The response section: figures this week and last, by platform, and the critics still waiting. */
export function responsesMarkdown(d: ReportData, f: Fmt): string {
  const r = d.responses;
  if (!r) return `## ${f.t.responses}\n\n_${mdEscape(f.t.noOwned)}_`;
  const c = r.current;
  const p = r.previous;
  const figures = mdTable(
    ['', f.t.thisWeek, f.t.lastWeek],
    [
      [f.t.neededReply, f.int(c.needed), f.int(p.needed)],
      [f.t.answered, f.int(c.answered), f.int(p.answered)],
      [f.t.responseRate, f.pct(c.rate), f.pct(p.rate)],
      [f.t.medianResponse, f.duration(c.medianSeconds), f.duration(p.medianSeconds)],
      [f.t.p90Response, f.duration(c.p90Seconds), f.duration(p.p90Seconds)],
      [f.t.handledDesk, f.int(c.handled), f.int(p.handled)],
      [f.t.waitingNow, f.int(c.waiting), f.int(p.waiting)],
    ].map((row) => row.map(mdEscape)),
  );
  if (c.needed === 0 && p.needed === 0) return `## ${f.t.responses}\n\n${figures}\n\n_${mdEscape(f.t.noneNeeded)}_`;
  const platforms = mdTable(
    [f.t.platform, f.t.neededReply, f.t.answered, f.t.responseRate, `${f.t.responseRate} (${f.t.lastWeek})`, f.t.medianResponse, `${f.t.medianResponse} (${f.t.lastWeek})`, f.t.p90Response, f.t.waitingNow],
    r.platforms.map((x) => [mdEscape(x.key), f.int(x.current.needed), f.int(x.current.answered), f.pct(x.current.rate), f.pct(x.previous.rate), f.duration(x.current.medianSeconds), f.duration(x.previous.medianSeconds), f.duration(x.current.p90Seconds), f.int(x.current.waiting)].map((v, i) => (i === 0 ? v : mdEscape(v)))),
  );
  const critics =
    r.critics.length === 0
      ? `_${mdEscape(f.t.noneCritics)}_`
      : r.critics
          .map((m) => {
            const who = m.author ? (m.authorUrl && /^https?:\/\//i.test(m.authorUrl) ? `[${mdEscape(m.author)}](<${mdLinkUrl(m.authorUrl)}>)` : mdEscape(m.author)) : '—';
            const link = m.url && /^https?:\/\//i.test(m.url) ? ` · [${mdEscape(f.t.open)}](<${mdLinkUrl(m.url)}>)` : '';
            return `- **${mdEscape(f.t.waitingFor)} ${mdEscape(f.duration(m.waitingSeconds))}** · ${who} · ${mdEscape(m.platform)} · ${mdEscape(f.dateTime(m.publishedAt))}${link}: ${mdEscape(m.excerpt)}`;
          })
          .join('\n') + (r.criticsWaiting > r.critics.length ? `\n\n_${mdEscape(fill(f.t.moreCritics, { n: r.criticsWaiting - r.critics.length }))}_` : '');
  return `## ${f.t.responses}\n\n${figures}\n\n${platforms}\n\n### ${f.t.waitingCritics}\n\n${critics}\n\n_${mdEscape(fill(f.t.responsesMethod, { platforms: r.ownedPlatforms.join(', ') }))}_`;
}

/** Renders the report as Markdown. */
export function renderMarkdown(d: ReportData, locale: ReportLocale): string {
  const f = formatter(locale, d.week.timeZone);
  const s = summarize(d, locale);
  const brand = d.shareOfVoice.entities.find((e) => e.role === 'brand');
  const out: string[] = [];
  out.push(`# ${mdEscape(d.brand)} — ${mdEscape(f.t.title)}`);
  out.push(`${f.t.weekOf} ${f.dateLong(d.week.days[0]!)} ${f.t.to} ${f.dateLong(d.week.days[6]!)} (${d.week.id}, ${d.week.timeZone})`);
  out.push(`## ${f.t.summary}\n\n**${mdEscape(s.headline)}**\n\n${s.sentences.map((x) => `- ${mdEscape(x)}`).join('\n')}`);
  out.push(
    `## ${f.t.keyFigures}\n\n${mdTable(
      ['', f.t.thisWeek, f.t.lastWeek, f.t.change],
      [
        [f.t.mentions, f.int(d.volume.current), f.int(d.volume.previous), chg(d.volume, f)],
        [f.t.uniqueAuthors, f.int(d.volume.uniqueAuthors.current), f.int(d.volume.uniqueAuthors.previous), chg(d.volume.uniqueAuthors, f)],
        [f.t.netSentiment, f.signed(d.sentiment.current.net), f.signed(d.sentiment.previous.net), f.signed(d.sentiment.netChange)],
        [f.t.shareOfVoice, f.pct(brand?.share ?? null), f.pct(brand?.previousShare ?? null), f.points(brand?.shareChange ?? null)],
        [f.t.alerts, f.int(d.alerts.episodes.length), '', ''],
      ],
    )}`,
  );
  out.push(
    `## ${f.t.volumeByDay}\n\n${mdTable(
      [f.t.day, f.t.thisWeek, f.t.lastWeek, f.t.positive, f.t.neutral, f.t.negative, f.t.netSentiment],
      d.byDay.map((x) => [f.dayLong(x.date), f.int(x.count), f.int(x.previousCount), f.int(x.sentiment.positive), f.int(x.sentiment.neutral), f.int(x.sentiment.negative), f.signed(x.sentiment.net)]),
    )}`,
  );
  if (d.peakDay) {
    const p = d.peakDay;
    out.push(`### ${f.t.peakDay}: ${f.dayLong(p.date)} (${f.int(p.count)})\n\n${mdTable([f.t.byHour, ...p.byHour.map((_, h) => `${h}`)], [[f.t.mentions, ...p.byHour.map((c) => f.int(c))]])}`);
  }
  if (d.shareOfVoice.entities.length > 1) {
    const es = d.shareOfVoice.entities;
    const grouped = es.some((e) => listedEntries(e).length > 0);
    out.push(
      `## ${f.t.shareOfVoice}\n\n${mdTable(
        [f.t.entity, f.t.mentions, f.t.change, f.t.share, f.t.change, `${f.t.positive} / ${f.t.neutral} / ${f.t.negative}`],
        es.flatMap((e) => [
          [mdEscape(e.name), f.int(e.mentions.current), chg(e.mentions, f), f.pct(e.share), f.points(e.shareChange), tone(e.sentiment, f)],
          ...listedEntries(e).map((x) => [`↳ ${mdEscape(x.name)}`, f.int(x.mentions.current), chg(x.mentions, f), '', '', '']),
        ]),
      )}${grouped ? `\n\n_${mdEscape(f.t.orgEntriesNote)}_` : ''}`,
    );
  }
  out.push(`## ${f.t.platforms}\n\n### ${f.t.sources}\n\n${platforms(d.platforms.names, f, f.t.sources)}\n\n### ${f.t.sourceKinds}\n\n${platforms(d.platforms.kinds, f, f.t.sourceKinds)}\n\n### ${f.t.domains}\n\n${platforms(d.platforms.domains, f, f.t.domains)}`);
  out.push(`## ${f.t.people}\n\n### ${f.t.leaders}\n\n${authors(d.people.leaders, f, true)}\n\n### ${f.t.fans}\n\n${authors(d.people.fans, f, false)}\n\n### ${f.t.critics}\n\n${authors(d.people.critics, f, false)}`);
  const mentions = (rows: ReportData['topMentions']['positive']) =>
    rows.length === 0
      ? `_${f.t.none}_`
      : rows
          .map((m) => {
            const title = mdEscape(m.title ?? m.excerpt.slice(0, 90));
            const link = m.url && /^https?:\/\//i.test(m.url) ? `[${title}](<${mdLinkUrl(m.url)}>)` : title;
            return `- ${link} — ${mdEscape([m.source, m.author, f.dateTime(m.publishedAt)].filter(Boolean).join(' · '))}${m.engagement !== null ? ` · ${f.t.engagement} ${f.int(m.engagement)}` : ''}`;
          })
          .join('\n');
  out.push(`## ${f.t.topMentions}\n\n### ${f.t.topPositive}\n\n${mentions(d.topMentions.positive)}\n\n### ${f.t.topNegative}\n\n${mentions(d.topMentions.negative)}`);
  out.push(
    `## ${f.t.emerging}\n\n${mdTable([f.t.hashtags, f.t.thisWeek, f.t.baseline, f.t.growth], d.emerging.hashtags.map((h) => [mdEscape(`#${h.tag}`), f.int(h.current), h.baselineWeekly.toLocaleString(f.tag, { maximumFractionDigits: 1 }), h.isNew ? f.t.newTag : `×${h.growth!.toLocaleString(f.tag, { maximumFractionDigits: 1 })}`])) || `_${f.t.none}_`}\n\n${mdTable([f.t.terms, f.t.thisWeek, f.t.baseline], d.emerging.terms.map((t) => [mdEscape(t.term), f.int(t.current), f.int(t.baseline)])) || ''}`,
  );
  out.push(
    `## ${f.t.alertsTimeline}\n\n${mdTable([f.t.opened, f.t.severity, f.t.rule, f.t.alerts, f.t.resolved], d.alerts.episodes.map((e) => [f.dateTime(e.openedAt), mdEscape(e.severity), mdEscape(`${e.rule} · ${e.scope}`), mdEscape(e.title ?? e.summary ?? ''), e.resolvedAt ? f.dateTime(e.resolvedAt) : f.t.ongoing]), false) || `_${f.t.noneAlerts}_`}`,
  );
  out.push(
    `## ${f.t.audience}\n\n${mdTable([f.t.languages, f.t.mentions, f.t.share], d.languages.map((l) => [mdEscape(f.language(l.key)), f.int(l.count), f.pct(l.share)])) || `_${f.t.none}_`}\n\n${mdTable([f.t.countries, f.t.mentions, f.t.share], d.countries.rows.map((l) => [mdEscape(f.country(l.key)), f.int(l.count), f.pct(l.share)])) || `_${f.t.countriesUnknown}_`}`,
  );
  out.push(responsesMarkdown(d, f));
  const notes = noteTexts(d, locale);
  if (notes.length) out.push(`## ${f.t.notes}\n\n${notes.map((n) => `- ${mdEscape(n)}`).join('\n')}`);
  out.push(`---\n\n_${mdEscape(fill(f.t.methodText, { tz: d.week.timeZone, n: d.emerging.baselineWeeks }))}_`);
  return `${out.join('\n\n')}\n`;
}
