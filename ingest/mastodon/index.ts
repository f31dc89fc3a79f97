import type { ComponentDef } from '../../core/contracts.ts';
import { mastodonConfigSchema } from './config.ts';
import { MastodonConnector, type MastodonConnectorConfig } from './connector.ts';

export { mastodonConfigSchema, type MastodonConfig } from './config.ts';
export { MastodonConnector } from './connector.ts';

/** The `mastodon` connector: hashtag or public timeline, polled (min_id) or streamed (SSE). */
export const mastodon: ComponentDef<MastodonConnectorConfig, MastodonConnector> = {
  kind: 'mastodon',
  summary: 'Mastodon hashtag or public timeline: polled with min_id paging, or streamed (SSE, token needed); backfill by max_id',
  config: mastodonConfigSchema,
  create: (cfg, ctx) => new MastodonConnector(cfg, ctx),
};
