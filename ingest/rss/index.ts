import type { ComponentDef, Connector } from '../../core/contracts.ts';
import { rssConfigSchema } from './config.ts';
import { RssConnector, type RssConnectorConfig } from './connector.ts';

export { rssConfigSchema, type RssConfig } from './config.ts';
export { RssConnector, parseRssCursor, type RssCursor } from './connector.ts';
export { readFeed, parseFeedText, type FeedReading } from './read-feed.ts';

/** The `rss` connector: RSS 0.9x/1.0/2.0, Atom and JSON Feed, polled with conditional GET. */
export const rss: ComponentDef<RssConnectorConfig, Connector> = {
  kind: 'rss',
  summary: 'RSS 0.9x/1.0/2.0, Atom and JSON Feed feeds (news sites, blogs, Google Alerts, YouTube, Reddit and Mastodon tag feeds)',
  config: rssConfigSchema,
  create: (cfg, ctx) => new RssConnector(cfg, ctx),
};
