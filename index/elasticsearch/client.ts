import { Client } from '@elastic/elasticsearch';

/** How to reach Elasticsearch. Secrets arrive already resolved from env references. */
export interface EsClientConfig {
  node: string;
  auth?: { username: string; password: string } | { apiKey: string };
  tls?: { caFingerprint: string } | { ca: string };
  requestTimeoutMs?: number;
}

/**
 * Creates the Elasticsearch client. The client's own retries are off (`maxRetries: 0`): Vigie
 * retries through core/retry.ts so that backoff, abort and logging are the same everywhere.
 * Never call `info()`/`ping()` on it: `GET /` answers 405 on the core-only distribution; use
 * `cluster.health()`.
 */
export function createEsClient(cfg: EsClientConfig): Client {
  const tls = cfg.tls;
  return new Client({
    node: cfg.node,
    ...(cfg.auth ? { auth: cfg.auth } : {}),
    ...(tls && 'caFingerprint' in tls ? { caFingerprint: tls.caFingerprint } : {}),
    ...(tls && 'ca' in tls ? { tls: { ca: tls.ca } } : {}),
    requestTimeout: cfg.requestTimeoutMs ?? 30_000,
    maxRetries: 0,
    compression: false,
  });
}
