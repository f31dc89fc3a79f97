import type { ComponentDef, Connector } from '../../core/contracts.ts';
import { discourseConfigSchema } from './config.ts';
import { DiscourseConnector, type DiscourseConnectorConfig } from './connector.ts';

export { discourseConfigSchema, type DiscourseConfig } from './config.ts';
export { DiscourseConnector, classifyDiscourseError } from './connector.ts';

/** The `discourse` connector: new posts, new topics or search results of a Discourse forum. */
export const discourse: ComponentDef<DiscourseConnectorConfig, Connector> = {
  kind: 'discourse',
  summary: 'Discourse forums: latest posts (/posts.json), latest topics (/latest.json) or search (/search.json); optional Api-Key',
  config: discourseConfigSchema,
  create: (cfg, ctx) => new DiscourseConnector(cfg, ctx),
};
