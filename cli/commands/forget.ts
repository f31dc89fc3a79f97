import { parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { forgetAuthor } from '../../index/elasticsearch/forget.ts';
import { esTarget } from './index-setup.ts';

export const command: Command = {
  usage: `Usage: vigie forget --author <platform:id> (--config <file> | --es <url>) [--prefix vigie] [--dry-run] [--json]

Finds every mention of the author in every monthly index (author.key = <platform>:<id>, e.g.
mastodon:109876) and deletes them, then checks none is left. Prints how many were deleted.
Mentions still in Kafka topics (retention) and in the dead-letter topic are not touched.`,
  async run(args) {
    const { values } = parseFlags(args, {
      author: { type: 'string' },
      config: { type: 'string', short: 'c' },
      es: { type: 'string' },
      prefix: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (!values.author) {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    const t = await esTarget({ esUrl: values.es, config: values.config, prefix: values.prefix });
    try {
      const r = await forgetAuthor(t.client, { author: values.author, prefix: t.prefix, dryRun: values['dry-run'] ?? false });
      if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else if (values['dry-run']) process.stdout.write(`${r.found} mention(s) of ${r.author} would be deleted\n`);
      else process.stdout.write(`deleted ${r.deleted} mention(s) of ${r.author}${r.deleted ? ` (${Object.entries(r.byIndex).map(([i, c]) => `${i}: ${c}`).join(', ')})` : ''}\n`);
      return 0;
    } finally {
      await t.client.close();
    }
  },
};
