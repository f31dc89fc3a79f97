import { z } from 'zod';
import { watchRoles } from '../../core/mention.ts';
import { checkWatchQuery } from './compile.ts';
import { ownedAccountsSchema, refineOwnedRole } from '../../core/owned.ts';

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
  })
  .strict()
  .superRefine(refineOwnedRole);

/** The watch entries: every query parsed, names unique; all problems reported at once. */
export const watchEntriesSchema = z.array(watchEntrySchema).superRefine((entries, ctx) => {
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    const first = seen.get(e.name);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate watch name '${e.name}', already used by watch[${first}]` });
    else seen.set(e.name, i);
  });
});

/** Config of the `watch` enricher. */
export const watchConfigSchema = z
  .object({
    entries: watchEntriesSchema.default([]).describe('Brands, competitors and industry topics to watch.'),
    dropUnmatched: z.boolean().default(true).describe('Drop (and count) mentions that match no entry, when entries exist.'),
  })
  .strict();
export type WatchConfig = z.infer<typeof watchConfigSchema>;
