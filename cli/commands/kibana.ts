import { readFile } from 'node:fs/promises';
import { parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { VigieError } from '../../core/errors.ts';
import { importSavedObjects } from '../../index/kibana/import.ts';
import { buildSavedObjects, toNdjson } from '../../index/kibana/saved-objects.ts';

/** Secrets come as `env:NAME` so they never appear in shell history or the process list. */
function secretFromEnv(flag: string, v: string): string {
  const m = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(v);
  if (!m) throw new VigieError('ERR_USAGE', `--${flag} takes env:NAME (the secret is read from that environment variable), got a literal value`);
  const s = process.env[m[1]!];
  if (!s) throw new VigieError('ERR_USAGE', `--${flag}: environment variable ${m[1]} is not set`);
  return s;
}

export const command: Command = {
  usage: `Usage: vigie kibana import --url <kibana-url> [--space <id>] [--api-key env:NAME | --user <name> --password env:NAME]
                           [--overwrite] [--prefix vigie] [--file objects.ndjson]

Loads the saved objects through Kibana's saved objects API (POST /api/saved_objects/_import).
Objects target Kibana 8.15-8.19. --prefix generates them for another index prefix; --file
imports a file instead (e.g. an edited export).`,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub !== 'import') {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    const { values } = parseFlags(rest, {
      url: { type: 'string' },
      space: { type: 'string' },
      'api-key': { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      overwrite: { type: 'boolean' },
      prefix: { type: 'string' },
      file: { type: 'string' },
    });
    if (!values.url) {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    if (values['api-key'] && values.user) throw new VigieError('ERR_USAGE', 'give either --api-key or --user/--password, not both');
    if (values.user && !values.password) throw new VigieError('ERR_USAGE', '--user needs --password env:NAME');
    const auth = values['api-key']
      ? { apiKey: secretFromEnv('api-key', values['api-key']) }
      : values.user
        ? { username: values.user, password: secretFromEnv('password', values.password!) }
        : undefined;
    const ndjson = values.file ? await readFile(values.file, 'utf8') : toNdjson(buildSavedObjects(values.prefix));
    const r = await importSavedObjects({ url: values.url, ...(values.space ? { space: values.space } : {}), ...(auth ? { auth } : {}), overwrite: values.overwrite ?? false, ndjson });
    process.stdout.write(`imported ${r.successCount} saved objects into ${values.space ? `space ${values.space}` : 'the default space'}\n`);
    return 0;
  },
};
