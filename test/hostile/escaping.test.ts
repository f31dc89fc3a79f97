/**
 * User text that reaches pages and reports: markup, scripts, `javascript:` links, Markdown and
 * mrkdwn control characters, bidi overrides. Pages (Slack, Teams, plain text) and the weekly
 * report (HTML, Markdown) must show it as text, never as markup or a live link.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../alerts/contracts.ts';
import { slackMessage } from '../../alerts/channels/slack/blocks.ts';
import { teamsMessage } from '../../alerts/channels/teams/card.ts';
import { plainText } from '../../alerts/render.ts';
import { renderHtml } from '../../reports/render/html.ts';
import { renderMarkdown } from '../../reports/render/markdown.ts';
import { sampleReport } from '../../reports/testing.ts';

const XSS = '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>';
const LINK = 'javascript:alert(1)';
const MD = '[click me](javascript:alert(2)) ![t](https://evil.example/t.png) <https://evil.example|spoofed link> @channel';

function hostileAlert(): Alert {
  const t = '2026-11-17T15:00:00.000Z';
  return {
    id: 'ep:0', episodeId: 'ep', seq: 0, type: 'opened', rule: 'outage', kind: 'negative_share', scope: 'entry:Acme', severity: 'critical', value: 0.9,
    openedAt: t, eventTime: t, createdAt: t, timeZone: 'America/Montreal',
    // The reason is written by the rule from config names and numbers, not from posts.
    reason: { en: 'Negative share 90 %', fr: 'Part négative 90 %' },
    evidence: {
      count: 40, baseline: 5, window: { from: t, to: t }, metrics: {},
      samples: [
        { id: 's1', url: LINK, text: `${XSS} ${MD} \u202egnp.exe`, author: `<b>@evil</b>`, source: 'rss', publishedAt: t, influence: 10 },
        { id: 's2', url: 'data:text/html;base64,PHNjcmlwdD4=', title: `${MD}`, text: 'x', author: '*bold* _it_ ~strike~ `code`', source: 'rss', publishedAt: t, influence: 5 },
      ],
      topAuthors: [{ author: `<img src=x onerror=alert(3)>`, count: 3 }],
      topTerms: [{ term: '#<script>', count: 2 }],
    },
  } as Alert;
}

/** Every string anywhere in a JSON payload. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

describe('alert pages escape user text', () => {
  it('Slack: no raw markup, no javascript: or data: links, no spoofed <url|text> links', () => {
    const all = strings(slackMessage(hostileAlert(), 'fr')).join('\n');
    expect(all).not.toContain('<script>');
    expect(all).not.toContain('<img');
    expect(all).not.toContain('<https://evil.example|');
    expect(all).not.toMatch(/<javascript:|<data:/i);
    expect(all).toContain('&lt;script&gt;');
  });

  it('Slack notification text: a display name cannot mention @channel or forge a link (issue 14)', () => {
    const a = hostileAlert();
    a.reason = { en: 'Negative mention by <!channel> <https://evil.example|Acme Support>', fr: 'Mention négative de <!channel> <https://evil.example|Acme Support>' };
    a.evidence.samples[0]!.url = 'https://example.org/a|Click here';
    const m = slackMessage(a, 'fr');
    expect(m.text).not.toContain('<!channel>');
    expect(m.text).not.toContain('<https://evil.example|');
    expect(m.text).toContain('&lt;!channel&gt;');
    const all = strings(m.blocks).join('\n');
    expect(all).not.toContain('<https://example.org/a|Click here');
    expect(all).toContain('<https://example.org/a%7CClick%20here|');
  });

  it('Teams: no raw markup and no Markdown link to javascript:', () => {
    const all = strings(teamsMessage(hostileAlert(), 'en')).join('\n');
    expect(all).not.toContain('<script>');
    expect(all).not.toMatch(/\]\(javascript:/i);
    expect(all).not.toMatch(/\]\(data:/i);
  });

  it('plain text pages never carry a javascript: or data: link', () => {
    const text = plainText(hostileAlert(), 'en');
    expect(text).not.toMatch(/javascript:alert\(1\)>|<data:/i);
    expect(text).not.toContain('<javascript:');
  });
});

describe('the weekly report escapes user text', () => {
  const report = () => {
    const d = sampleReport();
    const row = d.topMentions.negative[0]!;
    d.topMentions.negative[0] = { ...row, url: LINK, title: `${XSS} ${MD}`, excerpt: `${XSS} ${MD} \u202egnp.exe`, author: `<b onmouseover=alert(4)>evil</b>` };
    d.people.leaders[0] = { ...d.people.leaders[0]!, name: `<script>alert(5)</script>`, url: LINK };
    return d;
  };

  it('HTML: scripts and handlers are text, javascript: never an href', () => {
    const html = renderHtml(report(), 'fr');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).not.toMatch(/<b onmouseover/i);
    expect(html).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
    expect(html).toContain('&lt;script&gt;');
  });

  it('Markdown: a | in a URL neither splits the authors table nor the link (issue 14)', () => {
    const d = report();
    d.people.leaders[0] = { ...d.people.leaders[0]!, name: 'Acme | Support', url: 'https://evil.example/a|b c' };
    const md = renderMarkdown(d, 'en');
    const line = md.split('\n').find((l) => l.includes('Acme \\| Support'))!;
    expect(line).toContain('(<https://evil.example/a%7Cb%20c>)');
    // Cells are split on unescaped pipes only: the row keeps the table's column count.
    const cells = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    const header = md.split('\n')[md.split('\n').indexOf(line) - 2]!;
    expect(cells(line)).toBe(cells(header));
  });

  it('Markdown: no live javascript: link, no raw HTML (markup is backslash-escaped)', () => {
    const md = renderMarkdown(report(), 'en');
    expect(md).not.toMatch(/\]\(<?javascript:/i);
    expect(md).not.toMatch(/(?<!\\)<script>alert/);
    expect(md).not.toMatch(/(?<!\\)<b onmouseover/i);
    expect(md).toContain('\\<b onmouseover');
  });
});
