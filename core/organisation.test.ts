import { describe, expect, it } from 'vitest';
import { indexOrganisations, organisationKey, organisationOf, organisationProblems } from './organisation.ts';

describe('watch entry organisations', () => {
  it('compare without case, accents or extra spaces; an entry without one is its own', () => {
    expect(organisationKey('  Société   Générale ')).toBe(organisationKey('SOCIETE GENERALE'));
    const orgs = indexOrganisations([
      { name: 'Acme', role: 'brand' },
      { name: 'Acme Phone', role: 'brand', organisation: 'ACME' },
      { name: 'Jane Doe', role: 'brand', organisation: 'acme' },
      { name: 'Zenith', role: 'competitor' },
    ]);
    expect(organisationOf('Acme Phone', orgs)).toBe(organisationOf('Acme', orgs));
    expect(organisationOf('Jane Doe', orgs)).toBe(organisationOf('Acme', orgs));
    expect(organisationOf('Zenith', orgs)).not.toBe(organisationOf('Acme', orgs));
    // A name the config no longer lists (an older mention) is its own organisation.
    expect(organisationOf('Gone', orgs)).toBe('gone');
  });

  it('accept a product line, a CEO and a holding name no entry carries', () => {
    expect(
      organisationProblems([
        { name: 'Acme', role: 'brand' },
        { name: 'Acme Phone', role: 'brand', organisation: 'Acme' },
        { name: 'Jane Doe', role: 'brand', organisation: 'Acme' },
        { name: 'Zenith Cars', role: 'competitor', organisation: 'Zenith Group' },
        { name: 'Zenith Bikes', role: 'competitor', organisation: 'zenith group' },
        { name: 'Telecom', role: 'industry' },
      ]),
    ).toEqual([]);
  });

  it('refuse, on the line to fix, an organisation naming an entry of another one, and one mixing brand and competitor', () => {
    const problems = organisationProblems([
      { name: 'Acme', role: 'brand', organisation: 'Acme Group' },
      { name: 'Acme Phone', role: 'brand', organisation: 'Acme' },
      { name: 'Zenith', role: 'competitor' },
      { name: 'Acme Watch', role: 'brand', organisation: 'Zenith' },
      { name: 'Zenith Cars', role: 'competitor', organisation: 'Acme Group' },
    ]);
    expect(problems).toEqual([
      { index: 1, name: 'Acme Phone', field: 'organisation', message: expect.stringContaining('"Acme" is watch[0] (Acme), which belongs to organisation "Acme Group": write organisation: "Acme Group" here too') },
      { index: 3, name: 'Acme Watch', field: 'organisation', message: expect.stringContaining('organisation "Zenith" would hold this brand and the competitor watch[2] (Zenith)') },
      { index: 4, name: 'Zenith Cars', field: 'organisation', message: expect.stringContaining('organisation "Acme Group" would hold this competitor and the brand watch[0] (Acme)') },
    ]);
  });

  it('report the mix on the entry that wrote the organisation, whichever comes first', () => {
    const [p] = organisationProblems([
      { name: 'Acme Watch', role: 'brand', organisation: 'Zenith' },
      { name: 'Zenith', role: 'competitor' },
    ]);
    expect(p).toMatchObject({ index: 0, name: 'Acme Watch', field: 'organisation' });
  });
});
