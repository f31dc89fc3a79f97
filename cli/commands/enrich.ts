import { createReadStream, existsSync } from 'node:fs';
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
import { DEFAULT_MAX_LINE_BYTES, ndjsonLines } from '../../core/ndjson.ts';
import { VigieError } from '../../core/errors.ts';
import { escapeJsonText, jsonForTerminal } from '../../core/terminal.ts';

async function offline(input: string, languages: string[] | undefined, configPath: string | undefined, maxLineBytes: number): Promise<number> {
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
  let n = 0;
  let failed = 0;
  let dropped = 0;
  for await (const read of ndjsonLines(input === '-' ? process.stdin : createReadStream(input), maxLineBytes)) {
    n = read.n;
    if ('tooLong' in read) {
      failed++;
      process.stderr.write(`${JSON.stringify({ line: n, code: 'ERR_INPUT_LINE_TOO_LONG', reason: `line of ${read.tooLong} bytes is longer than --max-line-bytes ${maxLineBytes}: skipped` })}\n`);
      continue;
    }
    const line = read.text;
    if (line.trim() === '') continue;
    const r = processRaw({ key: null, value: line }, pipeline);
    if (r.out) {
      if (!process.stdout.write(`${escapeJsonText(r.out.value)}\n`)) await new Promise((res) => process.stdout.once('drain', res));
    } else if (r.dlq) {
      failed++;
      const dl = JSON.parse(r.dlq.value) as { code: string; reason: string };
      process.stderr.write(`${jsonForTerminal({ line: n, code: dl.code, reason: dl.reason })}\n`);
    } else dropped++;
  }
  logger.info({ lines: n, failed, dropped }, 'enrich done');
  return failed > 0 ? 1 : 0;
}

export const command: Command = {
  usage: `Usage:
  vigie enrich --config <file>                          run the enrich worker (raw topic -> enriched topic)
  vigie enrich --input <file.ndjson|-> [--languages fr,en,...] [--config <file>] [--max-line-bytes N]
                                                        enrich raw mentions offline: one JSON per line in,
                                                        one enriched JSON per line on stdout; problems on stderr
  vigie enrich --list                                   list the enrichers

Offline mode uses the same code as the worker. Without --config every mention is enriched
(no watch entries, nothing dropped). A line longer than --max-line-bytes (default
${DEFAULT_MAX_LINE_BYTES}) is skipped with ERR_INPUT_LINE_TOO_LONG. Exit 1 when a line could not be enriched.`,
  async run(args) {
    const { values } = parseFlags(args, { input: { type: 'string' }, languages: { type: 'string' }, config: { type: 'string', short: 'c' }, list: { type: 'boolean' }, 'max-line-bytes': { type: 'string' } });
    if (values.list) {
      for (const e of listEnrichers()) process.stdout.write(`${e.kind.padEnd(10)} ${e.summary}\n`);
      return 0;
    }
    const maxLineBytes = values['max-line-bytes'] === undefined ? DEFAULT_MAX_LINE_BYTES : Number(values['max-line-bytes']);
    if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1024 || maxLineBytes > 1024 ** 3) {
      throw new VigieError('ERR_USAGE', `--max-line-bytes must be an integer from 1024 to ${1024 ** 3}, got ${JSON.stringify(values['max-line-bytes'])}`);
    }
    if (values.input) return offline(values.input, listFlag(values.languages), values.config, maxLineBytes);
    if (!values.config) {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    return runStagesUntilSignal(values.config, ['enrich'], 'enrich');
  },
};
