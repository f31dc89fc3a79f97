import type { ComponentDef } from '../../core/contracts.ts';
import { xConfigSchema } from './config.ts';
import { XConnector, type XConnectorConfig } from './connector.ts';

export { xConfigSchema, type XConfig } from './config.ts';
export { XConnector } from './connector.ts';

/** The `x` connector: X API v2 recent search (since_id) and filtered stream with synced rules. */
export const x: ComponentDef<XConnectorConfig, XConnector> = {
  kind: 'x',
  summary: 'X (Twitter) API v2: recent search (since_id, next_token) or filtered stream with rules synced from config; bearer token',
  config: xConfigSchema,
  create: (cfg, ctx) => new XConnector(cfg, ctx),
};
