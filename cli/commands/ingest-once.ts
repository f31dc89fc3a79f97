import { systemClock } from '../../core/clock.ts';
import { jsonForTerminal } from '../../core/terminal.ts';
import type { Connector, PollResult } from '../../core/contracts.ts';
import { toVigieError, VigieError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { parseRawMention } from '../../core/mention.ts';
import { Metrics } from '../../core/metrics.ts';
import { getConnector } from '../../ingest/registry.ts';
import type { ValidatedSource } from '../../ingest/kit/source-common.ts';
import { canReadOwned, planOwnedReads, type OwnedRead, type OwnedReader } from '../../ingest/kit/owned/types.ts';

export interface IngestOnceOptions {
  sources: readonly ValidatedSource[];
  /** Where the NDJSON mentions go (a file stream or process.stdout). */
  output: NodeJS.WritableStream;
  /** Pages read per source when the connector has more. */
  pages: number;
  logger: Logger;
  /** Where problems go, one JSON object per line; default process.stderr. */
  errors?: NodeJS.WritableStream;
  /** The brand's owned accounts per platform (`mergeOwned(config.watch)`): each is read once after the source that reads it. */
  owned?: ReadonlyMap<string, readonly string[]>;
  /** Builds a source's connector; default: the registry. */
  createConnector?: (source: ValidatedSource) => Connector;
  signal?: AbortSignal;
}

/** One problem line of `vigie ingest --once` on stderr. */
export interface OnceProblem {
  source: string;
  code: string;
  reason: string;
  /** Mention id, for a mention that failed validation. */
  id?: string;
}

function write(stream: NodeJS.WritableStream, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(`${line}\n`, (e) => (e ? reject(e) : resolve()));
  });
}

/** The connectors of some sources, created once (a creation error is kept for its source). */
export interface OnceConnectors {
  connectors: Map<ValidatedSource, Connector | VigieError>;
  /** The owned accounts each source reads (as the live runner plans them). */
  reads: OwnedRead[];
  /** Owned accounts no given source reads, per platform. */
  unread: Array<{ platform: string; account: string }>;
}

/**
 * Creates each source's connector and plans the owned accounts' reads the way the live runner
 * does (planOwnedReads): what `ingest --once` and `sources test --config` poll.
 */
export function openConnectors(
  sources: readonly ValidatedSource[],
  owned: ReadonlyMap<string, readonly string[]>,
  logger: Logger,
  create?: (source: ValidatedSource) => Connector,
): OnceConnectors {
  const metrics = new Metrics();
  const connectors = new Map<ValidatedSource, Connector | VigieError>();
  for (const source of sources) {
    try {
      connectors.set(source, create?.(source) ?? getConnector(source.kind).create(source, { logger: logger.child({ source: source.name, kind: source.kind }), clock: systemClock, metrics }));
    } catch (e) {
      connectors.set(source, toVigieError(e));
    }
  }
  const reads = planOwnedReads(sources, owned, (s) => {
    const c = connectors.get(s);
    return c !== undefined && !(c instanceof VigieError) && canReadOwned(c);
  });
  const unread = [...owned].flatMap(([platform, accounts]) => (reads.some((r) => r.source.kind === platform) ? [] : accounts.map((account) => ({ platform, account }))));
  return { connectors, reads, unread };
}

/**
 * `vigie ingest --once`: polls each source once (up to `pages` pages) through the same connector
 * code as the live runner, then the owned accounts it reads (`watch[].owned`, planned as the
 * runner does), and writes the valid raw mentions as NDJSON. No Kafka, no cursor saved.
 * Returns the exit code: 0 when every source and owned account answered, 1 when one failed.
 */
export async function runIngestOnce(opts: IngestOnceOptions): Promise<number> {
  const errors = opts.errors ?? process.stderr;
  const signal = opts.signal ?? new AbortController().signal;
  const problem = (p: OnceProblem) => write(errors, jsonForTerminal(p));
  const { connectors, reads, unread } = openConnectors(opts.sources, opts.owned ?? new Map(), opts.logger, opts.createConnector);
  for (const u of unread) opts.logger.warn({ platform: u.platform, account: u.account }, 'owned account not read: no selected, enabled source of its platform reads owned accounts');
  let failed = 0;
  /** Reads up to `pages` pages from `poll` and writes the valid mentions; a failure is one problem line under `name`. */
  const readPages = async (name: string, sourceName: string, poll: (cursor: string | undefined) => Promise<PollResult>): Promise<void> => {
    let count = 0;
    try {
      let cursor: string | undefined;
      for (let page = 0; page < Math.max(1, opts.pages); page++) {
        const r = await poll(cursor);
        for (const m of r.mentions) {
          try {
            const valid = parseRawMention({ ...m, source: { ...m.source, name: m.source?.name ?? sourceName } });
            await write(opts.output, jsonForTerminal(valid));
            count++;
          } catch (e) {
            const err = toVigieError(e);
            await problem({ source: name, code: err.code, reason: err.message, ...(typeof m?.id === 'string' ? { id: m.id } : {}) });
          }
        }
        cursor = r.cursor ?? cursor;
        if (!r.hasMore) break;
      }
      opts.logger.info({ source: name, mentions: count }, 'source read once');
    } catch (e) {
      failed++;
      const err = toVigieError(e);
      await problem({ source: name, code: err.code, reason: err.message });
    }
  };
  for (const source of opts.sources) {
    const connector = connectors.get(source)!;
    if (connector instanceof VigieError) {
      failed++;
      await problem({ source: source.name, code: connector.code, reason: connector.message });
      continue;
    }
    await readPages(source.name, source.name, (cursor) => connector.poll(cursor, signal));
    for (const read of reads.filter((r) => r.source === source)) {
      const reader = connector as Connector & OwnedReader;
      await readPages(read.name, source.name, (cursor) => reader.pollOwned(read.account, cursor, signal));
    }
    await connector.close?.();
  }
  return failed > 0 ? 1 : 0;
}
