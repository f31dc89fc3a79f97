import { z } from 'zod';
import { watchRoles } from '../../core/mention.ts';
import { checkWatchQuery } from './compile.ts';
import { ownedAccountsSchema, refineOwnedRole } from '../../core/owned.ts';
import { organisationProblems, organisationSchema, refineOrganisationRole } from '../../core/organisation.ts';

/** One watch entry as written in the config file (`watch:` list). */
export const watchEntrySchema = z
  .object({
    name: z.string().min(1).describe('Name carried by matching mentions (`matches[].name`), unique among entries.'),
    role: z.enum(watchRoles).describe('brand, competitor or industry: drives share of voice and reports.'),
    query: z
      .string()
      .min(1)
      .describe('Boolean query: AND, OR, NOT, (), "phrase", a NEAR/n b, boycott*, #tag, @handle, lang:, source:, author:, site:.')
      .superRefine((q, ctx) => {
        const r = checkWatchQuery(q);
        if ('column' in r) ctx.addIssue({ code: 'custom', message: r.message });
      }),
    owned: ownedAccountsSchema
      .optional()
      .describe("The brand's own accounts per platform: their replies mark mentions answered (role brand only)."),
    organisation: organisationSchema
      .optional()
      .describe(
        'The organisation this entry belongs to (brand or competitor only), e.g. `Acme` on a product line `Acme Phone` or a CEO: a mention naming two entries of one organisation is not "shared" with another (alert rules, `shared: exclude`). Omitted: the entry is its own organisation.',
      ),
  })
  .strict()
  .superRefine((e, ctx) => {
    refineOwnedRole(e, ctx);
    refineOrganisationRole(e, ctx);
  });

/** The watch entries: every query parsed, names unique, organisations coherent; all problems reported at once. */
export const watchEntriesSchema = z.array(watchEntrySchema).superRefine((entries, ctx) => {
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    const first = seen.get(e.name);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate watch name '${e.name}', already used by watch[${first}]` });
    else seen.set(e.name, i);
  });
  for (const p of organisationProblems(entries)) ctx.addIssue({ code: 'custom', path: [p.index, p.field], message: p.message });
});

/** Config of the `watch` enricher. */
export const watchConfigSchema = z
  .object({
    entries: watchEntriesSchema.default([]).describe('Brands, competitors and industry topics to watch.'),
    dropUnmatched: z.boolean().default(true).describe('Drop (and count) mentions that match no entry, when entries exist.'),
  })
  .strict();
export type WatchConfig = z.infer<typeof watchConfigSchema>;
