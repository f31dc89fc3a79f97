import type { Connector } from '../../../core/contracts.ts';
import type { VigieError } from '../../../core/errors.ts';
import type { RawMention } from '../../../core/mention.ts';

/**
 * One thing a stream delivered: mentions (possibly none) and the cursor that becomes valid once
 * those mentions, and every one emitted before them, are acknowledged by the broker. A keep-alive
 * (an SSE comment, an empty line, a filtered-out firehose event) is `{ mentions: [] }`: it
 * proves the connection is alive, and may still carry a cursor so the position moves on.
 */
export interface StreamEvent {
  mentions: RawMention[];
  cursor?: string;
}

/**
 * Receives stream events. The returned promise resolves at once unless the runner's buffer is
 * full, in which case it resolves once a batch has been published: connectors await it in their
 * read loop, which stops reading the socket and lets TCP push back on the server.
 */
export type StreamEmit = (event: StreamEvent) => Promise<void>;

/**
 * A connector that can also follow a live stream (SSE, HTTP chunked, WebSocket). The contract:
 *
 * - `stream(cursor, signal, emit)` connects, resumes from `cursor` as well as the platform
 *   allows (Jetstream `cursor=time_us`; a REST catch-up for platforms without resumption),
 *   calls `emit` for every event, and resolves when the server ends the stream cleanly or
 *   rejects with a VigieError when it fails. It returns as soon as `signal` aborts.
 * - It never stores its cursor: the runner buffers events into small batches (count or time),
 *   publishes them, waits for the broker's acknowledgement, and only then saves the cursor of
 *   the last event of the batch. A crash re-reads from the last saved cursor, never skips.
 * - Cursors emitted must be monotonic (each one at or after the previous), and in the same
 *   format as `poll()` cursors, so a source can switch between `mode: poll` and `mode: stream`.
 * - The runner reconnects with backoff when `stream` ends or fails, and aborts and restarts a
 *   stream that emitted nothing (not even a keep-alive) for the source's `silenceTimeout`.
 */
export interface StreamingConnector extends Connector {
  stream(cursor: string | undefined, signal: AbortSignal, emit: StreamEmit): Promise<void>;
  /**
   * The platform's own reconnection schedule, when it documents one (X): the wait before
   * reconnecting after `error` (undefined: the server ended the stream cleanly), `attempt` being
   * the number of connections in a row that delivered nothing. Undefined keeps the runner's
   * exponential backoff.
   */
  reconnectDelayMs?(error: VigieError | undefined, attempt: number): number | undefined;
}

/** True when the connector can stream. */
export function canStream(c: Connector): c is StreamingConnector {
  return typeof (c as Partial<StreamingConnector>).stream === 'function';
}
