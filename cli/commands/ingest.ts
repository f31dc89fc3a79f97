import { createWriteStream } from 'node:fs';
import { listConnectors } from '../../ingest/registry.ts';
import { listFlag, parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { loadConfig } from '../config.ts';
import { runStagesUntilSignal } from '../stages.ts';
import { runIngestOnce } from './ingest-once.ts';
import { createLogger } from '../../core/logger.ts';
import { mergeOwned } from '../../ingest/kit/owned/types.ts';

export const command: Command = {
  usage: `Usage:
  vigie ingest --config <file>                      poll every source on its interval into the raw topic
  vigie ingest --config <file> --once [--source <name>[,<name>...]] [--pages N] --output <file|->
                                                    poll each selected source once and write the raw mentions
                                                    as NDJSON: no Kafka, no cursor saved. The brand's owned
                                                    accounts (watch[].owned) are read too, each after the
                                                    source that reads them live (source "<source>/owned/<account>").
                                                    Problems go to stderr as JSON lines {source, code, reason}.
                                                    Exit 0 everything answered, 1 one failed, 2 bad config.
  vigie ingest --list                               list the connector kinds`,
  async run(args) {
    const { values } = parseFlags(args, {
      config: { type: 'string', short: 'c' },
      once: { type: 'boolean' },
      source: { type: 'string', multiple: true },
      pages: { type: 'string' },
      output: { type: 'string', short: 'o' },
      list: { type: 'boolean' },
    });
    if (values.list) {
      for (const c of listConnectors()) process.stdout.write(`${c.kind.padEnd(14)} ${c.summary}\n`);
      return 0;
    }
    if (!values.config) {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    const config = await loadConfig(values.config);
    if (values.once) {
      const wanted = (values.source ?? []).flatMap((s) => listFlag(s) ?? []);
      const unknown = wanted.filter((w) => !config.sources.some((s) => s.name === w));
      if (unknown.length) {
        process.stderr.write(`vigie ingest: unknown source(s) ${unknown.join(', ')}; configured: ${config.sources.map((s) => s.name).join(', ')}\n`);
        return 2;
      }
      const sources = config.sources.filter((s) => (wanted.length ? wanted.includes(s.name) : s.enabled));
      const pages = values.pages === undefined ? 1 : Number(values.pages);
      if (!Number.isInteger(pages) || pages < 1) {
        process.stderr.write('vigie ingest: --pages must be a whole number >= 1\n');
        return 2;
      }
      const file = values.output && values.output !== '-' ? createWriteStream(values.output) : undefined;
      const code = await runIngestOnce({ sources, owned: mergeOwned(config.watch), output: file ?? process.stdout, pages, logger: createLogger({ name: 'ingest' }) });
      if (file) await new Promise<void>((r) => file.end(() => r()));
      return code;
    }
    return runStagesUntilSignal(values.config, ['ingest'], 'ingest');
  },
};
