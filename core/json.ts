import { VigieError } from './errors.ts';

/** Parses a message body; a body that is not JSON is ERR_JSON_PARSE (dead-lettered by stages). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new VigieError('ERR_JSON_PARSE', `not JSON: ${(e as Error).message}`, { cause: e });
  }
}
