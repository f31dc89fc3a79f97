import { parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { runStagesUntilSignal } from '../stages.ts';

export const command: Command = {
  usage: `Usage:
  vigie index --config <file>          run the indexer (enriched topic -> Elasticsearch)
  vigie index setup --config <file>    create or update templates, aliases and retention (idempotent)
  vigie index prune --config <file>    delete monthly indices older than the retention`,
  async run(args) {
    if (args[0] === 'setup' || args[0] === 'prune') {
      const { command: admin } = await import('./index-setup.ts');
      return admin.run(args);
    }
    const { values } = parseFlags(args, { config: { type: 'string', short: 'c' } });
    if (!values.config) {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    return runStagesUntilSignal(values.config, ['index'], 'index');
  },
};
