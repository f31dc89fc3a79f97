import { systemClock } from '../../core/clock.ts';
import { parseDuration } from '../../core/duration.ts';
import { VigieError } from '../../core/errors.ts';
import { createLogger } from '../../core/logger.ts';
import { trackedPlatforms } from '../../core/owned.ts';
import { forTerminalLine } from '../../core/terminal.ts';
import { Desk, type DeskItem } from '../../desk/queue.ts';
import { startDeskServer } from '../../desk/server.ts';
import { parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { loadConfig } from '../config.ts';
import { esTarget } from './index-setup.ts';

export const command: Command = {
  usage: `Usage: vigie desk serve --config <file> [--host 127.0.0.1] [--port 8650] [--token-env VAR] [--max-age 7d]
       vigie desk list --config <file> [--json] [--all] [--max-age 7d]

serve  a small web page (French and English, phone-sized) listing the mentions that wait for an
       answer, by priority, with a link to answer on the platform and buttons to mark handled,
       snooze or assign; it refreshes every 3 s. Listens on loopback unless --host says otherwise;
       any other address needs a token, read from the environment variable named by --token-env
       (open http://host:port/?token=... once; an HttpOnly cookie keeps it).
list   prints the same queue (one line per mention, or --json: {"items": [...], "untracked": [...]});
       --all also shows handled and snoozed ones.
Mentions needing a reply on a platform where the brand has no owned account (watch[].owned) are
listed apart, as "untracked": no answer can be seen there, so they leave only when marked handled
and count neither in the response rate nor for the unanswered alert rule.
The desk's state (handled, snoozed, assigned) is stored in Elasticsearch (<prefix>-desk): it
survives restarts and every desk process shares it.`,
  async run(args) {
    const [sub, ...rest] = args;
    const { values } = parseFlags(rest, {
      config: { type: 'string', short: 'c' },
      es: { type: 'string' },
      prefix: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'token-env': { type: 'string' },
      'max-age': { type: 'string' },
      json: { type: 'boolean' },
      all: { type: 'boolean' },
    });
    if ((sub !== 'serve' && sub !== 'list') || !values.config) {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    const maxAgeMs = values['max-age'] === undefined ? undefined : parseDuration(values['max-age']);
    if (values['max-age'] !== undefined && maxAgeMs === undefined) throw new VigieError('ERR_USAGE', `--max-age must be a duration such as "7d", got ${JSON.stringify(values['max-age'])}`);
    // The config says which platforms each brand has owned accounts on: the desk cannot split its queue without it.
    const { watch } = await loadConfig(values.config);
    const t = await esTarget({ esUrl: values.es, config: values.config, prefix: values.prefix });
    const desk = new Desk(t.client, t.prefix, trackedPlatforms(watch));
    if (sub === 'list') {
      try {
        const q = await desk.queue({ now: systemClock.now(), ...(maxAgeMs ? { maxAgeMs } : {}), ...(values.all ? { all: true } : {}) });
        if (values.json) {
          process.stdout.write(`${JSON.stringify(q)}\n`);
          return 0;
        }
        // Authors and ids come from the platforms: one terminal-safe line each.
        const line = (i: DeskItem) => `${i.priority.toFixed(1).padStart(5)}  ${forTerminalLine(i.platform).padEnd(10)} ${forTerminalLine(i.author).slice(0, 24).padEnd(24)} ${Math.round(i.waitingSeconds / 60)} min  ${forTerminalLine(i.id)}\n`;
        for (const i of q.items) process.stdout.write(line(i));
        if (q.untracked.length) {
          process.stdout.write(`\nuntracked (${q.untracked.length}): no owned account of the brand on these platforms, so no answer can be seen; answer there, then mark handled\n`);
          for (const i of q.untracked) process.stdout.write(line(i));
        }
        return 0;
      } finally {
        await t.client.close();
      }
    }
    const port = Number(values.port ?? 8650);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new VigieError('ERR_USAGE', `--port must be 0-65535, got ${values.port}`);
    const tokenVar = values['token-env'];
    const token = tokenVar ? process.env[tokenVar] : undefined;
    if (tokenVar && !token) throw new VigieError('ERR_USAGE', `--token-env ${tokenVar}: that environment variable is empty or unset`);
    const logger = createLogger({ name: 'desk' });
    const server = await startDeskServer({ desk, host: values.host ?? '127.0.0.1', port, token, clock: systemClock, logger, ...(maxAgeMs ? { maxAgeMs } : {}) });
    const addr = server.address();
    if (typeof addr === 'object' && addr) process.stdout.write(`desk on http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}/\n`);
    await new Promise<void>((resolve) => {
      const stop = () => server.close(() => resolve());
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await t.client.close();
    return 0;
  },
};
