/**
 * Every report delivery fits what its receiver accepts, whatever the week: a brand with a long
 * name, 120 competitors with long French names (accents, emoji, hostile markup), hundreds of
 * rows in every list. Limits are written out from the receivers' documentation (not imported:
 * the test must not agree with a wrong constant); Slack counts characters, Teams, webhooks and
 * email count bytes, and French text with emoji is where the two differ. Where a message is cut,
 * it says so and links to the full report; title, figures and the link are always there.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectSlackLimits, expectWholeCharacters, stringsOf } from '../test/helpers/receiver-limits.ts';
import { longGenerated, longReport, longReportMessage } from '../test/fixtures/reports/long-report.ts';
import { slackReport, teamsReport } from './chat.ts';
import { deliveryTargetSchema } from './config.ts';
import { reportEmail } from './email.ts';
import { reportMessage, type ReportMessage } from './message.ts';
import { sampleReport } from './testing.ts';
import { reportWebhookBody } from './webhook.ts';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const locales = ['fr', 'en'] as const;
const LINK = 'https://reports.example.org/weekly/acme/2026-W46-fr.html';
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A message whose summary is `n` sentences of `chars` characters of `unit`. */
function messageOf(unit: string, n: number, chars: number): ReportMessage {
  const m = reportMessage({ data: sampleReport(), files: [{ format: 'html', path: '/srv/reports/acme/2026-W46-fr.html' }], failed: [] }, { locale: 'fr', outDir: '/srv/reports', publicBaseUrl: 'https://reports.example.org/weekly' });
  return { ...m, sentences: Array.from({ length: n }, () => unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars)) };
}

function slackChecks(m: { text: string; blocks: any[] }): void {
  expectSlackLimits(m);
  // No escape cut in half, no live mention from a competitor's name.
  for (const t of [m.text, ...m.blocks.flatMap((b) => stringsOf(b))]) expect(t).not.toMatch(/&(?!(amp|lt|gt);)|<!channel>/);
}

describe('report to Slack: Block Kit limits (characters)', () => {
  for (const locale of locales) {
    it(`a long report is cut, says how much is left out, and links to the full report (${locale})`, () => {
      const m = longReportMessage(locale);
      expect(m.sentences.length).toBeGreaterThan(100);
      const s = slackReport(m) as { text: string; blocks: any[] };
      slackChecks(s);
      const summary = s.blocks[1].text.text as string;
      const rest = summary.split('\n').at(-1)!;
      const left = m.sentences.length - (summary.split('\n').length - 2);
      expect(rest).toBe(`_<${LINK}|+${left} ${locale === 'fr' ? 'autres points dans le rapport complet' : 'more points in the full report'}>_`);
      expect(s.blocks[2].fields[0].text).toMatch(/^\*Mentions\*\n142/);
      expect(JSON.stringify(s.blocks.at(-1))).toContain(`<${LINK}|HTML · PDF · JSON>`);
      slackChecks(slackReport(m, true) as { text: string; blocks: any[] });
    });
  }

  it('counts characters, not bytes: 2,700 accented letters (5,400 bytes) stay whole, 3,100 are cut', () => {
    const fits = slackReport(messageOf('é', 1, 2700)) as { blocks: any[] };
    expect(fits.blocks[1].text.text).toContain('é'.repeat(2700));
    expect(fits.blocks[1].text.text).not.toContain('rapport complet');
    const cut = slackReport(messageOf('é', 1, 3100)) as { blocks: any[] };
    expect(cut.blocks[1].text.text.length).toBeLessThanOrEqual(3000);
    expect(cut.blocks[1].text.text).toContain('La suite dans le rapport complet');
  });

  it('an emoji is two UTF-16 units: 1,400 of them fill the section, never halved', () => {
    const s = slackReport(messageOf('🥞', 1, 2 * 1600)) as { text: string; blocks: any[] };
    slackChecks(s);
    expect(s.blocks[1].text.text).toContain('La suite');
  });
});

describe('report to Teams: 28 KB (bytes)', () => {
  for (const locale of locales) {
    it(`a long report (${locale})`, () => {
      const card = teamsReport(longReportMessage(locale)) as any;
      expect(bytes(JSON.stringify(card))).toBeLessThanOrEqual(28_000);
      expectWholeCharacters(card);
      const body = card.attachments[0].content.body as any[];
      expect(body.some((b) => /^\[\\\+\d+ .*\]\(https:\/\/reports\.example\.org\//.test(b.text ?? ''))).toBe(true);
      expect(body.find((b) => b.type === 'FactSet').facts[0].title).toBe('Mentions');
      expect(card.attachments[0].content.actions[0]).toEqual({ type: 'Action.OpenUrl', title: locale === 'fr' ? 'Ouvrir le rapport' : 'Open the report', url: LINK });
      // No Markdown escape cut in half.
      for (const s of stringsOf(body)) expect(s).not.toMatch(/(?<!\\)(\\\\)*\\$|(?<!\\)(\\\\)*\\…/);
    });
  }

  it('counts bytes, not characters: 20,000 characters of emoji and accents (over 28 KB) are cut', () => {
    const m = messageOf('été 🥞 ', 20, 1000);
    expect(JSON.stringify(m.sentences).length).toBeLessThan(28_000);
    const card = teamsReport(m);
    expect(bytes(JSON.stringify(card))).toBeLessThanOrEqual(28_000);
    expect(JSON.stringify(card)).toContain('rapport complet');
    // The same number of characters in ASCII fits whole.
    expect(JSON.stringify(teamsReport(messageOf('ete pan ', 20, 1000)))).not.toContain('rapport complet');
  });
});

describe('report webhook: body under 100 kB', () => {
  it('a long report keeps its first rows and says what it left out', () => {
    const body = reportWebhookBody(longReport(), longReportMessage('fr'));
    expect(bytes(body)).toBeLessThanOrEqual(100_000);
    const j = JSON.parse(body);
    expectWholeCharacters(j);
    expect(j.type).toBe('vigie.report');
    expect(j.link).toBe(LINK);
    expect(j.files.map((f: { format: string }) => f.format)).toEqual(['html', 'pdf', 'json']);
    expect(j.figures[0].value).toMatch(/^142 \(\+42\s%\)$/);
    expect(j.report.byDay).toHaveLength(7);
    expect(j.report.peakDay.byHour).toHaveLength(24);
    expect(j.omitted['people.leaders']).toBeGreaterThan(250);
    expect(j.omitted['topMentions.negative']).toBeGreaterThan(150);
    expect(j.omitted['summary.sentences']).toBeGreaterThan(0);
    expect(j.cut).toBe(true);
    // A cut URL would lead nowhere: long ones are their site's origin.
    for (const m of j.report.topMentions.negative) expect(m.url).toBe('https://news.example.org/');
  });

  it('sends an ordinary report whole, without omitted', () => {
    const d = sampleReport();
    const m = reportMessage({ data: d, files: [], failed: [] }, { locale: 'en', outDir: '/tmp' });
    const j = JSON.parse(reportWebhookBody(d, m));
    expect(j.report).toEqual(d);
    expect(j.omitted).toBeUndefined();
    expect(j.summary.sentences).toEqual(m.sentences);
  });

  it('the minimal body (after a 413) leaves the data out', () => {
    const j = JSON.parse(reportWebhookBody(longReport(), longReportMessage('en'), true));
    expect(j.report).toBeNull();
    expect(j.summary.sentences).toEqual([]);
    expect(j.link).toBe(LINK);
  });
});

describe('report email: parts under Gmail clipping (102 KB)', () => {
  const target = (over: Record<string, unknown> = {}) =>
    deliveryTargetSchema.parse({ kind: 'email', host: '127.0.0.1', port: 2525, requireTLS: false, from: 'Vigie <reports@example.org>', to: ['direction@example.org'], ...over }) as Extract<ReturnType<typeof deliveryTargetSchema.parse>, { kind: 'email' }>;


  for (const locale of locales) {
    it(`a report HTML over 100 KB is not the body: the summary says so and links to it (${locale})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'vigie-report-limits-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const g = { ...longGenerated(dir), files: [{ format: 'html' as const, path: join(dir, 'r.html') }] };
      writeFileSync(g.files[0]!.path, `<!doctype html><p>${'é🥞'.repeat(20_000)}</p>`);
      const m = reportMessage(g, { locale, outDir: dir, publicBaseUrl: 'https://reports.example.org/weekly' });
      const mail = await reportEmail(g, target({ attach: [] }), m, locale, 'id');
      expect(bytes(mail.html)).toBeLessThanOrEqual(100_000);
      expect(bytes(mail.text)).toBeLessThanOrEqual(100_000);
      expectWholeCharacters(mail);
      expect(mail.html).toContain(locale === 'fr' ? 'trop long pour le corps d’un courriel' : 'too long for the body of an email');
      expect(mail.html).toContain('<a href="https://reports.example.org/weekly/r.html">');
      expect(mail.text).toContain('https://reports.example.org/weekly/r.html');
    });
  }

  it('a report HTML within 100 KB stays the body', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-report-limits-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const g = { data: sampleReport(), files: [{ format: 'html' as const, path: join(dir, 'r.html') }], failed: [] };
    // 99,000 bytes in 49,500 characters: a character count would pass anything under 100,000 too.
    const html = `<p>${'é'.repeat(49_493)}</p>`;
    writeFileSync(g.files[0]!.path, html);
    const mail = await reportEmail(g, target({ attach: [] }), reportMessage(g, { locale: 'fr', outDir: dir }), 'fr', 'id');
    expect(mail.html).toBe(html);
  });

  it('a summary of 120 long sentences is cut with a link to the rest; the minimal one has no attachment', async () => {
    const m = longReportMessage('fr');
    const g = longGenerated('/nonexistent');
    const mail = await reportEmail(g, target({ body: 'summary', attach: [] }), m, 'fr', 'id');
    expect(bytes(mail.html)).toBeLessThanOrEqual(100_000);
    expectWholeCharacters(mail);
    expect(mail.html).toMatch(/<li><i><a href="https:\/\/reports\.example\.org\/weekly\/acme\/2026-W46-fr\.html">\+\d+ autres points dans le rapport complet<\/a><\/i><\/li>/);
    const lean = await reportEmail(g, target({ body: 'report', attach: ['pdf', 'json'] }), m, 'fr', 'id', true);
    expect(lean.attachments).toEqual([]);
    expect(lean.text).toContain('PDF: https://reports.example.org/weekly/acme/2026-W46-fr.pdf');
    expect(lean.html).toContain('Pièces jointes refusées par le serveur (trop lourdes), à lire en ligne: PDF, JSON');
  });
});
