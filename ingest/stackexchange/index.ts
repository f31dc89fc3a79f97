import type { ComponentDef, Connector } from '../../core/contracts.ts';
import { stackexchangeConfigSchema } from './config.ts';
import { StackexchangeConnector, type StackexchangeConnectorConfig } from './connector.ts';

export { stackexchangeConfigSchema, type StackexchangeConfig } from './config.ts';
export { StackexchangeConnector, classifyStackexchangeError, type StackexchangeCursor } from './connector.ts';

/** The `stackexchange` connector: questions matching a query on one Stack Exchange site. */
export const stackexchange: ComponentDef<StackexchangeConnectorConfig, Connector> = {
  kind: 'stackexchange',
  summary: 'Stack Exchange questions matching a query on one site (API 2.3 search/advanced; honours backoff and the daily quota)',
  config: stackexchangeConfigSchema,
  create: (cfg, ctx) => new StackexchangeConnector(cfg, ctx),
};
