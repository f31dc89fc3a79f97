import type { ComponentDef, Connector } from '../core/contracts.ts';
import { VigieError } from '../core/errors.ts';
import { rss } from './rss/index.ts';
import { mastodon } from './mastodon/index.ts';
import { bluesky } from './bluesky/index.ts';
import { x } from './x/index.ts';
import { hackernews } from './hackernews/index.ts';
import { stackexchange } from './stackexchange/index.ts';
import { discourse } from './discourse/index.ts';
import { reddit } from './reddit/index.ts';
import { youtube } from './youtube/index.ts';
import { facebook, instagram } from './meta/index.ts';

/** A connector definition, whatever its config type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ConnectorDef = ComponentDef<any, Connector>;

/** Every connector Vigie ships, listed explicitly (nothing registers itself on import). */
export const connectors: readonly ConnectorDef[] = [
  rss,
  mastodon,
  bluesky,
  x,
  hackernews,
  stackexchange,
  discourse,
  reddit,
  youtube,
  facebook,
  instagram,
];

/** Kinds and summaries, for `vigie ingest --list`. */
export function listConnectors(): Array<{ kind: string; summary: string }> {
  return connectors.map((c) => ({ kind: c.kind, summary: c.summary }));
}

/** The definition of a connector kind; ERR_CONFIG_UNKNOWN_KIND names the known ones. */
export function getConnector(kind: string): ConnectorDef {
  const def = connectors.find((c) => c.kind === kind);
  if (!def) throw new VigieError('ERR_CONFIG_UNKNOWN_KIND', `unknown source kind ${JSON.stringify(kind)}; known kinds: ${connectors.map((c) => c.kind).join(', ')}`);
  return def;
}
