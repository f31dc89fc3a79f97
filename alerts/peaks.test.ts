import { describe, expect, it } from 'vitest';
import { validateAlertsSection } from './config.ts';
import { inPeak } from './peaks.ts';

const launch = { from: '2026-12-10T14:00:00-05:00', to: '2026-12-10T18:00:00-05:00' };
const rules = [
  { kind: 'volume_surge', name: 'acme-surge', scope: { names: ['Acme'] } },
  { kind: 'volume_surge', name: 'zenith-surge', scope: { names: ['Zenith'] } },
  { kind: 'new_term', name: 'brands-new', scope: { roles: ['brand', 'competitor'] } },
];

describe('alerts.expected: peaks declared once for every rule', () => {
  it('gives each rule the peaks that may concern it; volume_surge only those naming its scope', () => {
    const problems: Array<{ path: string; message: string }> = [];
    const cfg = validateAlertsSection({ expected: [{ ...launch, names: ['Acme'], note: 'Acme X' }], rules }, ['Acme', 'Zenith'], problems)!;
    expect(problems).toEqual([]);
    const peaks = Object.fromEntries(cfg.rules.map((r) => [r.name, r.expected.length]));
    expect(peaks).toEqual({ 'acme-surge': 1, 'zenith-surge': 0, 'brands-new': 1 });
    const p = cfg.rules[0]!.expected[0]!;
    expect([p.from, p.to]).toEqual([Date.parse('2026-12-10T19:00:00Z'), Date.parse('2026-12-10T23:00:00Z')]);
  });

  it('refuses a date without a zone, an end before the start and an unknown watch entry, each by its path', () => {
    const problems: Array<{ path: string; message: string }> = [];
    validateAlertsSection({ expected: [{ from: '2026-12-10T14:00:00', to: launch.to }, { from: launch.to, to: launch.from }], rules }, ['Acme', 'Zenith'], problems);
    expect(problems.map((p) => p.path)).toEqual(['alerts.expected[0].from', 'alerts.expected[1].to']);
    expect(problems[0]!.message).toMatch(/with a zone/);
    const unknown: Array<{ path: string; message: string }> = [];
    validateAlertsSection({ expected: [{ ...launch, names: ['Acmee'] }], rules }, ['Acme', 'Zenith'], unknown);
    expect(unknown).toEqual([{ path: 'alerts.expected[0].names', message: '"Acmee" is not a watch entry name (known: Acme, Zenith)' }]);
  });

  it('a peak naming entries concerns their scopes and pooled scopes, not other entries', () => {
    const peak = { from: 1000, to: 2000, names: ['Acme'] };
    expect(inPeak([peak], 'entry:Acme', 1500, 1600)).toBe(true);
    expect(inPeak([peak], 'entry:Zenith', 1500, 1600)).toBe(false);
    expect(inPeak([peak], 'all', 1500, 1600)).toBe(true);
    expect(inPeak([peak], 'entry:Acme', 2500, 2600)).toBe(false);
    expect(inPeak([peak], 'entry:Acme', 2500, 2600, 1000)).toBe(true);
  });
});
