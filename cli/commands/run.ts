import { parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { STAGES, runStagesUntilSignal, type StageName } from '../stages.ts';

export const command: Command = {
  usage: `Usage: vigie run --config <file> [--stages ingest,enrich,index,alerts,reports]

Runs the stages in one process; they still talk only through Kafka, exactly as separate
processes would. SIGINT/SIGTERM stop polling, finish the in-flight batches, commit and flush.`,
  async run(args) {
    const { values } = parseFlags(args, { config: { type: 'string', short: 'c' }, stages: { type: 'string' } });
    if (!values.config) {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    const stages = (values.stages?.split(',') ?? [...STAGES]) as StageName[];
    const bad = stages.filter((s) => !STAGES.includes(s));
    if (bad.length) {
      process.stderr.write(`vigie run: unknown stage(s) ${bad.join(', ')}; stages: ${STAGES.join(', ')}\n`);
      return 2;
    }
    return runStagesUntilSignal(values.config, stages, 'run');
  },
};
