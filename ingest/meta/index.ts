import type { ComponentDef, Connector } from '../../core/contracts.ts';
import { facebookConfigSchema, instagramConfigSchema } from './config.ts';
import { FacebookConnector, type FacebookConnectorConfig } from './facebook.ts';
import { InstagramConnector, type InstagramConnectorConfig } from './instagram.ts';

export { facebookConfigSchema, instagramConfigSchema, type FacebookConfig, type InstagramConfig } from './config.ts';
export { FacebookConnector, type FacebookCursor } from './facebook.ts';
export { InstagramConnector, type InstagramCursor } from './instagram.ts';
export { classifyGraphError, readUsage } from './graph.ts';

/** The `facebook` connector: a Page's posts and the comments on its latest posts (Graph API). */
export const facebook: ComponentDef<FacebookConnectorConfig, Connector> = {
  kind: 'facebook',
  summary: 'Facebook Page posts and the comments on its latest posts (Graph API, Page token; honours usage headers)',
  config: facebookConfigSchema,
  create: (cfg, ctx) => new FacebookConnector(cfg, ctx),
};

/** The `instagram` connector: recent media of a hashtag (Graph API, Instagram business account). */
export const instagram: ComponentDef<InstagramConnectorConfig, Connector> = {
  kind: 'instagram',
  summary: 'Instagram hashtag recent media (Graph API ig_hashtag_search + recent_media, business account token)',
  config: instagramConfigSchema,
  create: (cfg, ctx) => new InstagramConnector(cfg, ctx),
};
