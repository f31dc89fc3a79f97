/**
 * Every Teams card Vigie sends is one Microsoft's own Adaptive Cards library reads without a
 * complaint: parsing (unknown elements, bad values, versions) and property validation. Alerts of
 * every kind and size, both languages, and the weekly report's card.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { minimalAlert } from '../../alerts/page.ts';
import { adversarialAlert } from '../fixtures/alerts/adversarial-alert.ts';
import { sampleAlert } from '../fixtures/alerts/sample-alert.ts';
import { teamsReport } from '../../reports/chat.ts';
import type { ReportMessage } from '../../reports/message.ts';
import { longReportMessage } from '../fixtures/reports/long-report.ts';
import { teamsMessage } from '../../alerts/channels/teams/card.ts';

// The package's ES build imports extension-less paths Node cannot resolve; its UMD bundle works.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/** What the library reports about a card: parse events, then validation events. */
function complaints(message: Record<string, unknown>): string[] {
  const attachments = message.attachments as Array<{ contentType: string; content: Record<string, unknown> }>;
  expect(attachments).toHaveLength(1);
  expect(attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
  const card = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  card.parse(attachments[0]!.content, ctx);
  const out: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) out.push(`parse: ${ctx.getEventAt(i).message}`);
  for (const e of card.validateProperties().validationEvents) out.push(`validate: ${e.message}`);
  return out;
}

describe('Teams cards are valid Adaptive Cards (adaptivecards 3.0.5)', () => {
  const alerts = {
    sample: sampleAlert(),
    resolved: sampleAlert({ type: 'resolved', seq: 2 }),
    adversarial: adversarialAlert(),
    'adversarial escalated': adversarialAlert({ type: 'escalated' }),
    minimal: minimalAlert(adversarialAlert()),
  };
  for (const [name, alert] of Object.entries(alerts)) {
    for (const lang of ['fr', 'en'] as const) {
      it(`alert: ${name} (${lang})`, () => expect(complaints(teamsMessage(alert, lang))).toEqual([]));
    }
  }

  it('the library does complain about a card it cannot read (the check can fail)', () => {
    const bad = teamsMessage(sampleAlert(), 'en') as { attachments: Array<{ content: { body: unknown[] } }> };
    bad.attachments[0]!.content.body.push({ type: 'Bogus' }, { type: 'TextBlock', size: 'Enormous', text: 'x' });
    expect(complaints(bad).length).toBeGreaterThanOrEqual(2);
  });

  it('the weekly report card', () => {
    const message: ReportMessage = {
      title: 'Vigie — Acme, semaine du 30 novembre', headline: 'Mentions +12 %, sentiment stable', link: 'https://reports.example.org/acme/2026-W49.html',
      sentences: ['Les mentions **négatives** ont baissé de 3 points.', 'Pic le mardi [lien](javascript:alert(1)).'],
      figures: [{ label: 'Mentions', value: '1 234' }, { label: 'Négatif', value: '18 %' }],
      files: [{ format: 'html', link: 'https://reports.example.org/acme/2026-W49.html' }, { format: 'pdf', link: 'https://reports.example.org/acme/2026-W49.pdf' }],
      labels: { open: 'Ouvrir le rapport', more: '+{n} autres points dans le rapport complet', rest: 'La suite dans le rapport complet', tooLong: 'trop long', notAttached: 'refusées' },
    };
    expect(complaints(teamsReport(message))).toEqual([]);
    expect(complaints(teamsReport({ ...message, link: 'reports/2026-W49.html', files: [] }))).toEqual([]);
  });

  for (const locale of ['fr', 'en'] as const) {
    it(`the weekly report card of a report too long for 28 KB, cut with a link to the full report (${locale})`, () => {
      const m = longReportMessage(locale);
      const card = teamsReport(m);
      expect(complaints(card)).toEqual([]);
      expect(JSON.stringify(card)).toContain('](https://reports.example.org/');
      expect(complaints(teamsReport(m, true))).toEqual([]);
    });
  }
});
