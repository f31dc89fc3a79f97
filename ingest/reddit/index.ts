import type { ComponentDef, Connector } from '../../core/contracts.ts';
import { redditConfigSchema } from './config.ts';
import { RedditConnector, type RedditConnectorConfig } from './connector.ts';

export { redditConfigSchema, type RedditConfig } from './config.ts';
export { RedditConnector, classifyRedditError } from './connector.ts';

/** The `reddit` connector: a subreddit's new posts or comments, or a search sorted by new. */
export const reddit: ComponentDef<RedditConnectorConfig, Connector> = {
  kind: 'reddit',
  summary: 'Reddit: subreddit new posts or comments, or search sorted by new (listing JSON, after cursor); optional OAuth app',
  config: redditConfigSchema,
  create: (cfg, ctx) => new RedditConnector(cfg, ctx),
};
