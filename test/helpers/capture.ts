import { PassThrough } from 'node:stream';
import { afterEach, vi } from 'vitest';

/**
 * Captures what a CLI command writes to stdout and stderr (commands write there directly).
 * Call once at the top of a test file: it restores the real streams after each test.
 */
export function outputCapture(): () => { out: string[]; err: string[] } {
  afterEach(() => vi.restoreAllMocks());
  return () => {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    return { out, err };
  };
}

/** A writable stream that keeps what is written to it, for commands that take an output stream. */
export function textSink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
  return { stream, text: () => text };
}
