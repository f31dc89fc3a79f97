import { parseArgs, type ParseArgsConfig } from 'node:util';
import { VigieError } from '../core/errors.ts';

/** parseArgs with Vigie's error: a bad flag is a usage error (exit 2), never a stack trace. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new VigieError('ERR_USAGE', (e as Error).message);
  }
}

export function listFlag(v: string | undefined): string[] | undefined {
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
}
