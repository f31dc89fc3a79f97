import type { Command } from '../command.ts';
import { loadConfig } from '../config.ts';

export const command: Command = {
  usage: `Usage: vigie check-config <file.yaml>

Reads the file, resolves \${ENV} references and validates every section. Prints every problem
at once with its path; exit 0 when valid, 2 when not.`,
  async run(args) {
    const file = args.find((a) => !a.startsWith('-'));
    if (!file) {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    const cfg = await loadConfig(file);
    process.stdout.write(
      `${file}: valid — ${cfg.sources.length} source(s), ${cfg.watch.length} watch entr${cfg.watch.length === 1 ? 'y' : 'ies'}, languages ${cfg.languages.join(',')}\n`,
    );
    return 0;
  },
};
