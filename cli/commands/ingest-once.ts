import { systemClock } from '../../core/clock.ts';
import { jsonForTerminal } from '../../core/terminal.ts';
import type { Connector } from '../../core/contracts.ts';
import { toVigieError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { parseRawMention } from '../../core/mention.ts';
import { Metrics } from '../../core/metrics.ts';
import { getConnector } from '../../ingest/registry.ts';
import type { ValidatedSource } from '../../ingest/kit/source-common.ts';

export interface IngestOnceOptions {
  sources: readonly ValidatedSource[];
  /** Where the NDJSON mentions go (a file stream or process.stdout). */
  output: NodeJS.WritableStream;
  /** Pages read per source when the connector has more. */
  pages: number;
  logger: Logger;
  /** Where problems go, one JSON object per line; default process.stderr. */
  errors?: NodeJS.WritableStream;
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

/**
 * `vigie ingest --once`: polls each source once (up to `pages` pages) through the same connector
 * code as the live runner and writes the valid raw mentions as NDJSON. No Kafka, no cursor saved.
 * Returns the exit code: 0 when every source answered, 1 when one failed.
 */
export async function runIngestOnce(opts: IngestOnceOptions): Promise<number> {
  const errors = opts.errors ?? process.stderr;
  const metrics = new Metrics();
  const signal = opts.signal ?? new AbortController().signal;
  let failed = 0;
  for (const source of opts.sources) {
    const log = opts.logger.child({ source: source.name, kind: source.kind });
    let count = 0;
    try {
      const connector = opts.createConnector?.(source) ?? getConnector(source.kind).create(source, { logger: log, clock: systemClock, metrics });
      let cursor: string | undefined;
      for (let page = 0; page < Math.max(1, opts.pages); page++) {
        const r = await connector.poll(cursor, signal);
        for (const m of r.mentions) {
          try {
            const valid = parseRawMention({ ...m, source: { ...m.source, name: m.source?.name ?? source.name } });
            await write(opts.output, jsonForTerminal(valid));
            count++;
          } catch (e) {
            const err = toVigieError(e);
            const problem: OnceProblem = { source: source.name, code: err.code, reason: err.message, ...(typeof m?.id === 'string' ? { id: m.id } : {}) };
            await write(errors, jsonForTerminal(problem));
          }
        }
        cursor = r.cursor ?? cursor;
        if (!r.hasMore) break;
      }
      await connector.close?.();
      log.info({ mentions: count }, 'source read once');
    } catch (e) {
      failed++;
      const err = toVigieError(e);
      const problem: OnceProblem = { source: source.name, code: err.code, reason: err.message };
      await write(errors, jsonForTerminal(problem));
    }
  }
  return failed > 0 ? 1 : 0;
}
