import { z } from 'zod';
import { collapseSpace } from './text/graphemes.ts';
import { foldText } from './text/fold.ts';

/**
 * The organisation a watch entry belongs to (`watch[].organisation`): several entries of one
 * company (the brand, a product line, its CEO) name the same one, so a mention naming two of them
 * is still about one organisation. Free text, compared without regard to case, accents and extra
 * spaces; an entry without it is its own organisation, named by its `name`.
 */
export const organisationSchema = z.string().trim().min(1, 'must not be empty (omit it: the entry is then its own organisation)').max(200);

/** The form organisations are compared in: `Acme Inc.` and `ACME  inc.` are one. */
export function organisationKey(name: string): string {
  return collapseSpace(foldText(name));
}

/** Watch entry name → organisation key, for every entry of the watch config. */
export type Organisations = ReadonlyMap<string, string>;

/** What the organisation checks read of a watch entry. */
export interface OrganisationEntry {
  name: string;
  role: string;
  organisation?: string | undefined;
}

/** The organisation key of an entry: its `organisation`, else its own name. */
function keyOf(e: OrganisationEntry): string {
  return organisationKey(e.organisation ?? e.name);
}

/** Builds the lookup the alert rules use (industry entries too: rules skip them by role). */
export function indexOrganisations(entries: readonly OrganisationEntry[]): Organisations {
  return new Map(entries.map((e) => [e.name, keyOf(e)]));
}

/** The organisation of a matched entry; a name the config no longer lists is its own organisation. */
export function organisationOf(name: string, organisations: Organisations): string {
  return organisations.get(name) ?? organisationKey(name);
}

/**
 * Check of one entry shared by the watch entry schemas: an industry topic is no organisation
 * (`shared: exclude` never counts it), so an `organisation` on it would do nothing.
 */
export function refineOrganisationRole(e: { role: string; organisation?: string | undefined }, ctx: z.RefinementCtx): void {
  if (e.organisation !== undefined && e.role === 'industry') {
    ctx.addIssue({
      code: 'custom',
      path: ['organisation'],
      message: 'an industry topic belongs to no organisation (rules never count it as one): remove organisation, or give the entry role brand or competitor',
    });
  }
}

/** One problem across entries, with the 0-based index of the entry to fix and its field. */
export interface OrganisationProblem {
  index: number;
  name: string;
  field: 'organisation' | 'name';
  message: string;
}

/**
 * Checks across entries, all reported at once:
 * - an organisation that is the name of another entry must be that entry's organisation
 *   (`Acme Phone` in `Acme`, while `Acme` is in `Acme Group`, is a slip: say `Acme Group`);
 * - one organisation is yours or a competitor's, not both: a brand and a competitor in one
 *   organisation would hide each one's crisis from the other's rules, and is most often a typo.
 */
export function organisationProblems(entries: readonly OrganisationEntry[]): OrganisationProblem[] {
  const problems: OrganisationProblem[] = [];
  const byName = new Map<string, number>();
  entries.forEach((e, index) => {
    const k = organisationKey(e.name);
    if (!byName.has(k)) byName.set(k, index);
  });
  const firstOf = new Map<string, number>();
  entries.forEach((e, index) => {
    if (e.role === 'industry') return;
    const key = keyOf(e);
    const at = byName.get(key);
    const named = at === undefined ? undefined : entries[at]!;
    if (e.organisation !== undefined && named && at !== index && named.role !== 'industry' && keyOf(named) !== key) {
      problems.push({
        index,
        name: e.name,
        field: 'organisation',
        message: `"${e.organisation}" is watch[${at}] (${named.name}), which belongs to organisation "${named.organisation}": write organisation: "${named.organisation}" here too`,
      });
      return;
    }
    const first = firstOf.get(key);
    if (first === undefined) {
      firstOf.set(key, index);
      return;
    }
    const other = entries[first]!;
    if (other.role === e.role) return;
    // Reported on the entry that wrote the organisation, so the path points at the line to fix.
    const [bad, good, badIndex, goodIndex] = e.organisation !== undefined || other.organisation === undefined ? [e, other, index, first] : [other, e, first, index];
    problems.push({
      index: badIndex,
      name: bad.name,
      field: bad.organisation === undefined ? 'name' : 'organisation',
      message: `organisation "${bad.organisation ?? bad.name}" would hold this ${bad.role} and the ${good.role} watch[${goodIndex}] (${good.name}): an organisation is yours (brand) or a competitor's, not both; fix the role or the organisation`,
    });
  });
  return problems;
}
