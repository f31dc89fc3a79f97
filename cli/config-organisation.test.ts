import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { organisationOf } from '../core/organisation.ts';
import { validateConfig } from './config.ts';

const rules = [{ kind: 'keywords', name: 'phone-crisis', scope: { names: ['Acme Phone'] }, terms: ['fire'] }];

describe('watch entry organisations in the config', () => {
  it('reach the alert rules: a product line and its brand are one organisation', () => {
    const r = validateConfig(
      {
        watch: [
          { name: 'Acme', role: 'brand', query: 'acme' },
          { name: 'Acme Phone', role: 'brand', query: '"acme phone"', organisation: 'Acme' },
          { name: 'Zenith', role: 'competitor', query: 'zenith' },
        ],
        alerts: { rules },
      },
      {},
    );
    expect(r.problems).toEqual([]);
    const orgs = r.config!.alerts!.organisations!;
    expect(organisationOf('Acme Phone', orgs)).toBe(organisationOf('Acme', orgs));
    expect(organisationOf('Zenith', orgs)).not.toBe(organisationOf('Acme', orgs));
  });

  it('name every problem before any connection: industry, empty, disagreeing entries', () => {
    const r = validateConfig(
      {
        watch: [
          { name: 'Acme', role: 'brand', query: 'acme', organisation: 'Acme Group' },
          { name: 'Acme Phone', role: 'brand', query: '"acme phone"', organisation: 'Acme' },
          { name: 'Zenith', role: 'competitor', query: 'zenith', organisation: 'Acme Group' },
          { name: 'Telecom', role: 'industry', query: 'telecom', organisation: 'Acme' },
          { name: 'Jane', role: 'brand', query: 'jane', organisation: '' },
        ],
        alerts: { rules },
      },
      {},
    );
    expect(r.config).toBeUndefined();
    const text = r.problems.map((p) => `${p.path}: ${p.message}`).join('\n');
    expect(text).toMatch(/watch\[3\]\.organisation: an industry topic belongs to no organisation/);
    expect(text).toMatch(/watch\[4\]\.organisation: must not be empty/);
    // The top-level shape is fine once those two are fixed: then the checks across entries speak.
    const fixed = validateConfig(
      {
        watch: [
          { name: 'Acme', role: 'brand', query: 'acme', organisation: 'Acme Group' },
          { name: 'Acme Phone', role: 'brand', query: '"acme phone"', organisation: 'Acme' },
          { name: 'Zenith', role: 'competitor', query: 'zenith', organisation: 'Acme Group' },
        ],
        alerts: { rules },
      },
      {},
    );
    expect(fixed.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'watch[1] (Acme Phone).organisation: "Acme" is watch[0] (Acme), which belongs to organisation "Acme Group": write organisation: "Acme Group" here too',
      'watch[2] (Zenith).organisation: organisation "Acme Group" would hold this competitor and the brand watch[0] (Acme): an organisation is yours (brand) or a competitor\'s, not both; fix the role or the organisation',
    ]);
  });

  it('the commented product line of config/examples/alerts.yaml is valid once uncommented', () => {
    const text = readFileSync('config/examples/alerts.yaml', 'utf8').replace(/^(\s*)# (- name: Acme Phone|  role: brand|  organisation: Acme|  query: '"acme phone")/gm, '$1$2');
    const tree = parse(text) as { watch: Array<Record<string, unknown>> };
    expect(tree.watch[1]).toEqual({ name: 'Acme Phone', role: 'brand', organisation: 'Acme', query: '"acme phone" OR #acmephone' });
    const env = { VIGIE_WEBHOOK_SECRET: 'example-secret-0123456', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x', TEAMS_WEBHOOK_URL: 'https://example.webhook.office.com/x', PAGERDUTY_ROUTING_KEY: 'R0123456789abcdef0123456789abcde' };
    const r = validateConfig(tree, env);
    expect(r.problems).toEqual([]);
    const orgs = r.config!.alerts!.organisations!;
    expect(organisationOf('Acme Phone', orgs)).toBe(organisationOf('Acme', orgs));
  });
});
