process.env.DOTENV_CONFIG_QUIET = 'true';
import { commands } from './commands/index.ts';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'vigie — social listening and sentiment pipeline',
    '',
    'Usage: vigie <command> [options]   (vigie <command> --help for details)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`vigie: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  const cmd = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${cmd.usage.trimEnd()}\n`);
    return 0;
  }
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const err = e as { code?: string; message?: string };
    process.stderr.write(`vigie: ${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}\n`);
    // Bad usage and bad config exit 2 (nothing started); anything else is a failure.
    process.exitCode = err.code === 'ERR_USAGE' || err.code?.startsWith('ERR_CONFIG') ? 2 : 1;
  },
);
