import type { Client } from '@elastic/elasticsearch';
import { statusOf, toIndexError } from './errors.ts';

/** What the cluster offers that Vigie can use (the core-only distribution offers neither). */
export interface Capabilities {
  /** analysis-common: `french`/`english` analyzers, elision, asciifolding, stemmers. */
  languageAnalyzers: boolean;
  /** Index lifecycle management (x-pack ILM). */
  ilm: boolean;
}

async function analyzerExists(client: Client, analyzer: string): Promise<boolean> {
  try {
    await client.indices.analyze({ analyzer, text: "l'été" });
    return true;
  } catch (e) {
    // 400 "failed to find global analyzer": the module is absent. Anything else is a real failure.
    if (statusOf(e) === 400) return false;
    throw toIndexError(e, `_analyze with ${analyzer}`);
  }
}

/**
 * Asks the cluster what it has: an `_analyze` call with `french` and `english`, and
 * `GET _ilm/status` (404, 400 or 405 on a cluster without ILM).
 */
export async function detectCapabilities(client: Client): Promise<Capabilities> {
  const languageAnalyzers = (await analyzerExists(client, 'french')) && (await analyzerExists(client, 'english'));
  let ilm: boolean;
  try {
    await client.ilm.getStatus();
    ilm = true;
  } catch (e) {
    const s = statusOf(e);
    if (s === 404 || s === 400 || s === 405 || s === 410) ilm = false;
    else throw toIndexError(e, 'GET _ilm/status');
  }
  return { languageAnalyzers, ilm };
}
