import { z } from 'zod';
import type { ComponentDef, Enricher } from '../../core/contracts.ts';
import { extractEntities } from './extract.ts';

export { extractEntities, type Entities } from './extract.ts';
export { registrableDomain, urlHost } from '../../core/text/url.ts';

export const entitiesConfigSchema = z.object({}).strict();
export type EntitiesConfig = z.infer<typeof entitiesConfigSchema>;

/** The `entities` enricher: hashtags, @handles, URLs and registrable domains. */
export const entities: ComponentDef<EntitiesConfig, Enricher<'entities'>> = {
  kind: 'entities',
  summary: 'Hashtags, @handles, URLs and domains found in the mention',
  config: entitiesConfigSchema,
  create: () => ({ field: 'entities', enrich: (m) => extractEntities(m) }),
};
