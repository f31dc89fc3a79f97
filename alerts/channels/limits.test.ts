/**
 * Every receiver gets a page it accepts, whatever the evidence: adversarial alerts (50 samples
 * with 5,000-character URLs, 400 terms, 200 authors, emoji, RTL, hostile display names) are
 * rendered and checked against the limits in the receivers' own documentation (numbers written
 * out here, not imported: the test must not agree with a wrong constant). Headline, severity,
 * counts and the Kibana link must survive every cut; no cut may split a character, an escape or
 * a link token.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../contracts.ts';
import { minimalAlert, stringsOf } from '../page.ts';
import { adversarialAlert } from '../../test/fixtures/alerts/adversarial-alert.ts';
import { sampleAlert } from '../../test/fixtures/alerts/sample-alert.ts';
import { expectSlackLimits, expectWholeCharacters } from '../../test/helpers/receiver-limits.ts';
import { alertEmail } from './email/message.ts';
import { pagerdutyConfig } from './pagerduty/config.ts';
import { pagerdutyDedupKey, pagerdutyEvent } from './pagerduty/event.ts';
import { slackMessage } from './slack/blocks.ts';
import { teamsMessage } from './teams/card.ts';
import { webhookBody } from './webhook/channel.ts';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const langs = ['fr', 'en'] as const;
const alerts: Array<[string, Alert]> = [
  ['adversarial', adversarialAlert()],
  ['adversarial, escalated, no baseline', adversarialAlert({ type: 'escalated', evidence: { ...adversarialAlert().evidence, baseline: undefined } })],
  ['minimal', minimalAlert(adversarialAlert())],
];

/** Every `&` starts an entity: no escape was cut in half. */
function entitiesWhole(s: string): void {
  expect(s).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
}

describe('Slack: Block Kit limits', () => {
  for (const [name, a] of alerts) {
    for (const lang of langs) {
      it(`${name} (${lang})`, () => {
        const m = slackMessage(a, lang);
        expectSlackLimits(m);
        // Headline, severity, counts and the link survive.
        expect(m.blocks[0]!.text.text).toContain(lang === 'fr' ? 'critique' : 'critical');
        expect(m.blocks[0]!.text.text).toContain('influential-negative');
        expect(JSON.stringify(m.blocks)).toContain('4242');
        expect(m.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ url: a.kibanaUrl }] });
        // mrkdwn: no raw mention or spoofed link; every token is a link whose URL has no | < >.
        const mrkdwn = m.blocks.flatMap((b) => [b.text?.type === 'mrkdwn' ? b.text.text : undefined, ...(b.fields ?? []).map((f: any) => f.text), ...(b.type === 'context' ? b.elements.map((e: any) => e.text) : [])]).filter(Boolean);
        for (const t of [m.text, ...mrkdwn]) {
          expect(t).not.toMatch(/<![a-z]/);
          entitiesWhole(t);
          for (const tok of t.matchAll(/<([^>]*)>/g)) {
            const [url, ...label] = tok[1]!.split('|');
            expect(() => new URL(url!)).not.toThrow();
            expect(url).toMatch(/^https:\/\/news\.example\.org\//);
            expect(label.length).toBeLessThanOrEqual(1);
          }
          expect(t).not.toMatch(/<https:\/\/evil/);
        }
        expect(m.text).toContain('&lt;!channel&gt;');
      });
    }
  }

  it('keeps all the evidence of an ordinary page', () => {
    const m = slackMessage(sampleAlert(), 'en');
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('@angry');
    expect(json).toContain('#boycottacme (99)');
    expect(json).not.toContain('more');
  });

  it('encodes | in link URLs and escapes the notification text (issue 14)', () => {
    const a = sampleAlert({ reason: { en: 'by <!channel> <https://evil.example|Acme Support>', fr: 'par <!channel> <https://evil.example|Acme Support>' } });
    a.evidence.samples[0]!.url = 'https://example.org/p?a=1|b=<2>';
    const m = slackMessage(a, 'en');
    expect(m.text).toBe('[Opened · critical] brand-spike — Acme: by &lt;!channel&gt; &lt;https://evil.example|Acme Support&gt;');
    expect(JSON.stringify(m.blocks)).toContain('<https://example.org/p?a=1%7Cb=%3C2%3E|');
  });
});

describe('Teams: 28 KB per message', () => {
  for (const [name, a] of alerts) {
    for (const lang of langs) {
      it(`${name} (${lang})`, () => {
        const m = teamsMessage(a, lang) as any;
        // https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook
        expect(bytes(JSON.stringify(m))).toBeLessThanOrEqual(28_000);
        expectWholeCharacters(m);
        const card = m.attachments[0].content;
        expect(card.body[0].text).toContain(lang === 'fr' ? 'critique' : 'critical');
        expect(card.body[2].facts[0].value).toBe('4242');
        expect(card.actions[0].url).toBe(a.kibanaUrl);
        // No Markdown escape cut in half: an odd run of backslashes never ends a text.
        for (const s of stringsOf(card.body)) expect(s).not.toMatch(/(?<!\\)(\\\\)*\\$|(?<!\\)(\\\\)*\\…/);
      });
    }
  }
});

describe('PagerDuty: Events API v2 limits', () => {
  const cfg = pagerdutyConfig.parse({ kind: 'pagerduty', name: 'pd', routingKey: 'R0123456789abcdef0123456789abcde' });
  for (const [name, a] of alerts) {
    it(name, () => {
      const ev = pagerdutyEvent(a, cfg, 'fr') as any;
      // https://developer.pagerduty.com/docs/events-api-v2/trigger-events/ and /overview/ (512 KB).
      expect(ev.payload.summary.length).toBeLessThanOrEqual(1024);
      expect(ev.dedup_key.length).toBeLessThanOrEqual(255);
      expect(bytes(JSON.stringify(ev))).toBeLessThanOrEqual(512_000);
      expectWholeCharacters(ev);
      expect(ev.payload.severity).toBe('critical');
      expect(ev.payload.custom_details.count).toBe(4242);
      expect(ev.links[0]).toEqual({ href: a.kibanaUrl, text: 'Kibana' });
      expect(ev.payload.summary).toContain('influential-negative');
    });
  }
  it('keeps dedup keys within 255 characters, the same for the same episode', () => {
    const long = `influential-negative:entry:${'x'.repeat(400)}:2026-01-05T15:00:00.000Z`;
    expect(pagerdutyDedupKey(long).length).toBeLessThanOrEqual(255);
    expect(pagerdutyDedupKey(long)).toBe(pagerdutyDedupKey(long));
    expect(pagerdutyDedupKey('ep1')).toBe('ep1');
  });
});

describe('email: parts under Gmail clipping (102 KB)', () => {
  for (const [name, a] of alerts) {
    for (const lang of langs) {
      it(`${name} (${lang})`, () => {
        const m = alertEmail(a, lang, 'Vigie <alerts@example.org>', '[Vigie]');
        expect(bytes(m.html)).toBeLessThanOrEqual(100_000);
        expect(bytes(m.text)).toBeLessThanOrEqual(100_000);
        expectWholeCharacters(m);
        entitiesWhole(m.html.replace(/&nbsp;/g, ''));
        expect(m.subject).toContain(lang === 'fr' ? 'critique' : 'critical');
        expect(m.html).toContain('4242');
        expect(m.html).toContain(`href="${a.kibanaUrl!.replace(/&/g, '&amp;')}"`);
        expect(m.html).not.toContain('<!channel>');
      });
    }
  }
});

describe('webhook: body under 100 kB (body-parser default)', () => {
  for (const [name, a] of alerts) {
    it(name, () => {
      const body = webhookBody(a, 'en');
      expect(bytes(body)).toBeLessThanOrEqual(100_000);
      expectWholeCharacters(JSON.parse(body));
      const j = JSON.parse(body);
      expect(j.alert.severity).toBe('critical');
      expect(j.alert.evidence.count).toBe(4242);
      expect(j.alert.kibanaUrl).toBe(a.kibanaUrl);
      if (name !== 'minimal') expect(j.omitted.samples).toBeGreaterThan(0);
    });
  }
  it('sends an ordinary alert untouched', () => {
    const a = sampleAlert();
    expect(JSON.parse(webhookBody(a, 'en')).alert).toEqual(a);
  });
});
