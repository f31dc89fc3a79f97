import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateConfig } from './config.ts';

const rule = { kind: 'unanswered', name: 'acme-unanswered', scope: { names: ['Acme'] }, after: '15m', minPriority: 50 };
const watch = (owned?: object) => [
  { name: 'Acme', role: 'brand', query: 'acme', ...(owned ? { owned } : {}) },
  { name: 'Zenith', role: 'competitor', query: 'zenith' },
];

describe('an unanswered rule in the config', () => {
  it('is refused when no brand entry of its scope lists owned accounts (no reply could ever be seen)', () => {
    const r = validateConfig({ watch: watch(), alerts: { rules: [rule] } }, {});
    expect(r.config).toBeUndefined();
    expect(r.problems).toEqual([{ path: 'alerts.rules[0]', message: expect.stringMatching(/^unanswered "acme-unanswered": no brand watch entry in its scope lists its own accounts.*owned: \{ x: \["1234567890"\] \}$/) }]);
    expect(validateConfig({ watch: watch({ x: ['1'] }), alerts: { rules: [{ ...rule, scope: { roles: ['competitor'] } }] } }, {}).problems).toHaveLength(1);
    expect(validateConfig({ watch: watch({ x: ['1'] }), alerts: { rules: [rule] } }, {}).problems).toEqual([]);
  });

  it('the commented example of config/examples/alerts.yaml is valid once uncommented (with owned accounts)', () => {
    const text = readFileSync('config/examples/alerts.yaml', 'utf8');
    const block = /# ---- unanswered:[^\n]*begin ----\n([\s\S]*?)\n\s*# ---- unanswered ---- end ----/.exec(text)![1]!;
    // The rule is the block's lines from `# - kind:` on; the lines above describe it.
    const lines = block.split('\n');
    const uncommented = lines
      .slice(lines.findIndex((l) => /^\s*# - kind:/.test(l)))
      .map((l) => l.replace(/^(\s*)# /, '$1'))
      .join('\n');
    const tree = parse(text.replace(block, uncommented)) as { watch: Array<Record<string, unknown>>; alerts: { rules: Array<{ kind: string }> } };
    expect(tree.alerts.rules.at(-1)).toMatchObject({ kind: 'unanswered', name: 'acme-unanswered', after: '15m', minPriority: 50 });
    tree.watch[0]!.owned = { x: ['1234567890'] };
    const env = { VIGIE_WEBHOOK_SECRET: 'example-secret-0123456', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x', TEAMS_WEBHOOK_URL: 'https://example.webhook.office.com/x', PAGERDUTY_ROUTING_KEY: 'R0123456789abcdef0123456789abcde' };
    expect(validateConfig(tree, env).problems).toEqual([]);
  });
});
