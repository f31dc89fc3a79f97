import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { FakeClock, systemClock } from '../../core/clock.ts';
import { createLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { createEnrichPipeline } from '../../enrich/pipeline.ts';
import { prepareSentiment } from '../../enrich/sentiment/prepare.ts';
import { listEnrichers } from '../../enrich/registry.ts';
import { processRaw } from '../../enrich/worker.ts';
import { listFlag, parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { loadConfig } from '../config.ts';
import { runStagesUntilSignal } from '../stages.ts';
import { DEFAULT_LANGUAGES } from '../../core/config.ts';

async function offline(input: string, languages: string[] | undefined, configPath: string | undefined): Promise<number> {
  const logger = createLogger({ name: 'enrich' });
  const cfg = configPath ? await loadConfig(configPath) : undefined;
  const pipeline = createEnrichPipeline(
    {
      languages: languages ?? cfg?.languages ?? DEFAULT_LANGUAGES,
      watch: cfg?.watch ?? [],
      // Without a watch config every mention is enriched and printed.
      dropUnmatched: cfg?.enrich.dropUnmatched ?? false,
      dedup: cfg?.enrich.dedup,
      influence: cfg?.enrich.influence,
      sentiment: await prepareSentiment(cfg?.enrich.sentiment, logger),
    },
    { logger, clock: process.env.VIGIE_FIXED_NOW ? new FakeClock(Date.parse(process.env.VIGIE_FIXED_NOW)) : systemClock, metrics: new Metrics() },
  );
  if (input !== '-' && !existsSync(input)) {
    process.stderr.write(`vigie enrich: input file not found: ${input}\n`);
    return 2;
  }
  const rl = createInterface({ input: input === '-' ? process.stdin : createReadStream(input), crlfDelay: Infinity });
  let n = 0;
  let failed = 0;
  let dropped = 0;
  for await (const line of rl) {
    n++;
    if (line.trim() === '') continue;
    const r = processRaw({ key: null, value: line }, pipeline);
    if (r.out) {
      if (!process.stdout.write(`${r.out.value}\n`)) await new Promise((res) => process.stdout.once('drain', res));
    } else if (r.dlq) {
      failed++;
      const dl = JSON.parse(r.dlq.value) as { code: string; reason: string };
      process.stderr.write(`${JSON.stringify({ line: n, code: dl.code, reason: dl.reason })}\n`);
    } else dropped++;
  }
  logger.info({ lines: n, failed, dropped }, 'enrich done');
  return failed > 0 ? 1 : 0;
}

export const command: Command = {
  name: 'enrich',
  summary: 'Run the enrich stage (Kafka), or enrich an NDJSON file offline with --input',
  usage: `Usage:
  vigie enrich --config <file>                          run the enrich worker (raw topic -> enriched topic)
  vigie enrich --input <file.ndjson|-> [--languages fr,en,...] [--config <file>]
                                                        enrich raw mentions offline: one JSON per line in,
                                                        one enriched JSON per line on stdout; problems on stderr
  vigie enrich --list                                   list the enrichers

Offline mode uses the same code as the worker. Without --config every mention is enriched
(no watch entries, nothing dropped). Exit 1 when a line could not be enriched.`,
  async run(args) {
    const { values } = parseFlags(args, { input: { type: 'string' }, languages: { type: 'string' }, config: { type: 'string', short: 'c' }, list: { type: 'boolean' } });
    if (values.list) {
      for (const e of listEnrichers()) process.stdout.write(`${e.kind.padEnd(10)} ${e.summary}\n`);
      return 0;
    }
    if (values.input) return offline(values.input, listFlag(values.languages), values.config);
    if (!values.config) {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    return runStagesUntilSignal(values.config, ['enrich'], 'enrich');
  },
};
