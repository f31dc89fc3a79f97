import { describe, expect, it } from 'vitest';
import { crossCheckReports, reportsConfigSchema } from './config.ts';

describe('reports config', () => {
  it('fills defaults: Montréal, French, every format, Monday 08:00', () => {
    const c = reportsConfigSchema.parse({ schedules: [{ brand: 'Acme' }] });
    expect(c).toMatchObject({ timeZone: 'America/Montreal', locale: 'fr', formats: ['html', 'pdf', 'md', 'json'], outDir: './reports-out', deliveryDeadline: 3_600_000 });
    expect(c.schedules[0]).toEqual({ brand: 'Acme', cron: '0 8 * * 1', deliver: [] });
  });

  it('rejects unknown keys, bad cron, bad zone, bad URL and unknown delivery kinds, each with its path', () => {
    const r = reportsConfigSchema.safeParse({
      timeZone: 'Mars/Olympus',
      colour: 'blue',
      schedules: [{ brand: 'Acme', cron: '0 8 * *', deliver: [{ kind: 'slack', url: 'hooks.slack.com' }, { kind: 'email', to: 'a@b' }] }],
    });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toContainEqual(expect.stringMatching(/^timeZone: must be an IANA time zone/));
    expect(issues.some((i) => i.includes('"colour"'))).toBe(true);
    expect(issues).toContainEqual(expect.stringMatching(/^schedules.0.cron: cron "0 8 \* \*": 4 fields instead of 5/));
    expect(issues).toContainEqual(expect.stringMatching(/^schedules.0.deliver.0.url: must be an absolute http\(s\) URL/));
    expect(issues).toContainEqual(expect.stringMatching(/^schedules.0.deliver.1/));
  });

  it('cross-checks schedule brands against the watch entries', () => {
    const c = reportsConfigSchema.parse({ schedules: [{ brand: 'Acme' }, { brand: 'Nope' }] });
    expect(crossCheckReports(c, ['Acme', 'Globex'])).toEqual([{ path: 'reports.schedules[1].brand', message: '"Nope" is not a watch entry name (known: "Acme", "Globex")' }]);
  });
});
