import { isVigieError } from '../../core/errors.ts';
import { createLogger } from '../../core/logger.ts';
import { DEFAULT_ES_PORT, DEFAULT_ES_VERSION, DEFAULT_KAFKA_PORT, DEFAULT_KAFKA_VERSION, stackDown, stackStatus, stackUp, type StackOptions, type StackStatus } from '../../stack/index.ts';
import { parseFlags } from '../args.ts';
import type { Command } from '../command.ts';

const USAGE = `Usage:
  vigie stack up     [options]   start a local single-node Kafka and Elasticsearch (no Docker needed)
  vigie stack status [options]   show whether each server runs and answers (exit 1 when one does not)
  vigie stack down   [options]   stop both servers (SIGTERM, SIGKILL after 30 s); data is kept

Options:
  --dir <dir>            state, data and logs (default ~/.cache/vigie/stack/run)
  --kafka-port <n>       Kafka port (default ${DEFAULT_KAFKA_PORT}; KRaft controller on n+1)
  --es-port <n>          Elasticsearch HTTP port (default ${DEFAULT_ES_PORT}; transport on n+100)
  --kafka-version <v>    Kafka version from Maven Central (default ${DEFAULT_KAFKA_VERSION})
  --es-version <v>       Elasticsearch version from Maven Central (default ${DEFAULT_ES_VERSION})
  --purge                with down: also delete the servers' data and logs
  --json                 print the result as one JSON line

Environment:
  VIGIE_STACK_CACHE          where downloads are cached (default ~/.cache/vigie/stack)
  VIGIE_STACK_ES_PASSWORD    turn on Elasticsearch security: basic auth as user "elastic" with this password

Needs a JDK 17+ and Maven (mvn) on the PATH. See docs/stack.md.
`;

/** A non-numeric port becomes NaN, which resolveStackOptions rejects along with every other bad option. */
function portFlag(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) ? Number(v) : Number.NaN;
}

function printStatus(st: StackStatus, header: string): void {
  const line = (name: string, s: StackStatus['kafka']) => {
    const state = s.answering ? 'up' : s.running ? `running, not answering (${s.reason ?? '?'})` : 'down';
    const facts = s.running ? `  (${[`pid ${s.pid}`, s.version].join(', ')})` : '';
    return `  ${name.padEnd(14)} ${s.address.padEnd(24)} ${state}${facts}\n`;
  };
  process.stdout.write(`${header}\n`);
  process.stdout.write(line('kafka', st.kafka));
  process.stdout.write(line('elasticsearch', st.elasticsearch));
  process.stdout.write(`  dir            ${st.dir}\n`);
}

export const command: Command = {
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    let action: string | undefined;
    let opts: StackOptions & { removeData?: boolean };
    let json = false;
    try {
      const { values, positionals } = parseFlags(
        args,
        {
          dir: { type: 'string' },
          'kafka-port': { type: 'string' },
          'es-port': { type: 'string' },
          'kafka-version': { type: 'string' },
          'es-version': { type: 'string' },
          purge: { type: 'boolean' },
          json: { type: 'boolean' },
        },
        true,
      );
      action = positionals[0];
      if (positionals.length !== 1 || !['up', 'down', 'status'].includes(action ?? '')) {
        process.stderr.write(`vigie stack: expected one of up, down, status; got ${positionals.length === 0 ? 'nothing' : `"${positionals.join(' ')}"`}\n\n${USAGE}`);
        return 2;
      }
      json = values.json === true;
      opts = {
        dir: values.dir,
        kafkaPort: portFlag(values['kafka-port']),
        esPort: portFlag(values['es-port']),
        kafkaVersion: values['kafka-version'],
        esVersion: values['es-version'],
        esPassword: process.env.VIGIE_STACK_ES_PASSWORD || undefined,
        removeData: values.purge === true,
        logger: createLogger({ name: 'stack' }),
      };
    } catch (e) {
      if (isVigieError(e) && e.code === 'ERR_USAGE') {
        process.stderr.write(`vigie stack: ${e.message}\n\n${USAGE}`);
        return 2;
      }
      throw e;
    }
    // Drop undefined keys so resolveStackOptions applies its defaults.
    const clean = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as typeof opts;
    try {
      if (action === 'up') {
        const r = await stackUp(clean);
        if (json) process.stdout.write(`${JSON.stringify({ kafka: r.kafka.address, elasticsearch: r.elasticsearch.address, started: r.started, alreadyRunning: r.alreadyRunning, dir: r.dir })}\n`);
        else {
          printStatus(r, r.started.length === 0 ? 'stack already running:' : r.alreadyRunning.length > 0 ? `started ${r.started.join(', ')} (${r.alreadyRunning.join(', ')} was already running):` : 'stack started:');
          process.stdout.write(`\n  export KAFKA_BROKERS=${r.kafka.address} ELASTICSEARCH_URL=${r.elasticsearch.address}\n`);
        }
        return 0;
      }
      if (action === 'down') {
        const r = await stackDown(clean);
        if (json) process.stdout.write(`${JSON.stringify(r)}\n`);
        else process.stdout.write(r.stopped.length === 0 ? `stack was not running (${r.dir})\n` : `stopped ${r.stopped.join(', ')}${r.killed.length > 0 ? ` (killed after the timeout: ${r.killed.join(', ')})` : ''}\n`);
        return 0;
      }
      const st = await stackStatus(clean);
      if (json) process.stdout.write(`${JSON.stringify(st)}\n`);
      else printStatus(st, 'stack status:');
      return st.kafka.answering && st.elasticsearch.answering ? 0 : 1;
    } catch (e) {
      if (isVigieError(e)) {
        process.stderr.write(`vigie stack ${action}: ${e.code}: ${e.message}\n`);
        return e.code === 'ERR_STACK_BAD_OPTION' ? 2 : 1;
      }
      throw e;
    }
  },
};
