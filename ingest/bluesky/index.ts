import type { ComponentDef } from '../../core/contracts.ts';
import { blueskyConfigSchema } from './config.ts';
import { BlueskyConnector, type BlueskyConnectorConfig } from './connector.ts';

export { blueskyConfigSchema, type BlueskyConfig } from './config.ts';
export { BlueskyConnector } from './connector.ts';

/** The `bluesky` connector: searchPosts polling and backfill, Jetstream firehose filtered by terms. */
export const bluesky: ComponentDef<BlueskyConnectorConfig, BlueskyConnector> = {
  kind: 'bluesky',
  summary: 'Bluesky: app.bsky.feed.searchPosts (since/until, cursor), or the Jetstream firehose filtered by watch terms (cursor = time_us)',
  config: blueskyConfigSchema,
  create: (cfg, ctx) => new BlueskyConnector(cfg, ctx),
};
