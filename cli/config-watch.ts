import { z } from 'zod';
import { zodProblems, type ConfigProblem } from '../core/config.ts';
import { watchRoles } from '../core/mention.ts';
import { organisationProblems, organisationSchema, refineOrganisationRole } from '../core/organisation.ts';
import { ownedAccountsSchema, refineOwnedRole } from '../core/owned.ts';
import { checkWatchEntries, type WatchEntry } from '../enrich/watch/index.ts';

/**
 * The `watch:` section's shape (the fields are documented on enrich/watch/config.ts); queries and
 * checks across entries are `validateWatch`'s, so each problem is reported once with its entry.
 */
export const watchSectionSchema = z
  .array(
    z
      .object({
        name: z.string().min(1),
        role: z.enum(watchRoles),
        query: z.string().min(1),
        owned: ownedAccountsSchema.optional(),
        organisation: organisationSchema.optional(),
      })
      .strict()
      .superRefine((e, ctx) => {
        refineOwnedRole(e, ctx);
        refineOrganisationRole(e, ctx);
      }),
  )
  .default([]);

/**
 * Parses every watch query once at load, so a syntax error is a config problem naming the entry
 * and the column (the message already says "at column N"); checks names and organisations across
 * entries (core/organisation.ts).
 */
export function validateWatch(entries: readonly WatchEntry[], problems: ConfigProblem[]): boolean {
  const found = checkWatchEntries(entries);
  for (const p of found) problems.push({ path: `watch[${p.index}] (${p.name}).${p.column === undefined ? 'name' : 'query'}`, message: p.message });
  const orgs = organisationProblems(entries);
  for (const p of orgs) problems.push({ path: `watch[${p.index}] (${p.name}).${p.field}`, message: p.message });
  return found.length === 0 && orgs.length === 0;
}

/**
 * The `watch:` section alone, validated as the full loader does (for commands that read only part
 * of the file, such as `vigie alerts replay`); undefined when it has problems (appended).
 */
export function readWatchSection(section: unknown, problems: ConfigProblem[]): WatchEntry[] | undefined {
  const r = watchSectionSchema.safeParse(section);
  if (!r.success) {
    problems.push(...zodProblems(r.error.issues, ['watch'], section));
    return undefined;
  }
  return validateWatch(r.data, problems) ? r.data : undefined;
}
