import type { ComponentDef, Connector } from '../../core/contracts.ts';
import { hackernewsConfigSchema } from './config.ts';
import { HackernewsConnector, type HackernewsConnectorConfig } from './connector.ts';

export { hackernewsConfigSchema, type HackernewsConfig } from './config.ts';
export { HackernewsConnector, type HackernewsCursor } from './connector.ts';

/** The `hackernews` connector: Hacker News stories and comments through Algolia HN Search. */
export const hackernews: ComponentDef<HackernewsConnectorConfig, Connector> = {
  kind: 'hackernews',
  summary: 'Hacker News stories and comments matching a query (Algolia HN Search, search_by_date, no auth)',
  config: hackernewsConfigSchema,
  create: (cfg, ctx) => new HackernewsConnector(cfg, ctx),
};
