import { StringDecoder } from 'node:string_decoder';

/** Default longest NDJSON line read (bytes): far above any mention, far below memory trouble. */
export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

/** One line of an NDJSON stream: its text, or how long it was when over the cap. */
export type NdjsonLine = { n: number; text: string } | { n: number; tooLong: number };

/**
 * Splits a byte stream into lines without ever holding more than `maxBytes` of one line: a line
 * longer than that is skipped to its end and reported by number and size, so one 150 MB line
 * costs a bounded buffer, not gigabytes, and the lines after it are still read. `\r\n` is accepted.
 */
export async function* ndjsonLines(input: AsyncIterable<Buffer | string>, maxBytes: number = DEFAULT_MAX_LINE_BYTES): AsyncGenerator<NdjsonLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let over = false;
  let n = 0;
  const finish = (): NdjsonLine => {
    n++;
    if (over) return { n, tooLong: size };
    const decoder = new StringDecoder('utf8');
    const text = decoder.write(Buffer.concat(parts, size)) + decoder.end();
    return { n, text: text.endsWith('\r') ? text.slice(0, -1) : text };
  };
  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      const end = nl === -1 ? buf.length : nl;
      const piece = end - start;
      if (!over && size + piece > maxBytes) {
        over = true;
        parts = [];
      }
      if (!over && piece > 0) parts.push(buf.subarray(start, end));
      size += piece;
      if (nl === -1) break;
      yield finish();
      parts = [];
      size = 0;
      over = false;
      start = nl + 1;
    }
  }
  if (size > 0 || over) yield finish();
}
