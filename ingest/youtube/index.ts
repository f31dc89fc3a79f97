import type { ComponentDef, Connector } from '../../core/contracts.ts';
import { youtubeConfigSchema } from './config.ts';
import { YoutubeConnector, type YoutubeConnectorConfig } from './connector.ts';

export { youtubeConfigSchema, type YoutubeConfig } from './config.ts';
export { YoutubeConnector, classifyYoutubeError, type YoutubeCursor } from './connector.ts';
export { QUOTA_COST, QuotaMeter, quotaDay, untilQuotaReset } from './quota.ts';

/** The `youtube` connector: new videos (search) or comment threads, with quota accounting. */
export const youtube: ComponentDef<YoutubeConnectorConfig, Connector> = {
  kind: 'youtube',
  summary: 'YouTube Data API v3: new videos (search.list + videos.list) or comment threads of a video/channel; API key; daily quota accounting',
  config: youtubeConfigSchema,
  create: (cfg, ctx) => new YoutubeConnector(cfg, ctx),
};
