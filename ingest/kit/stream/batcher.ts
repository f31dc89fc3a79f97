import type { RawMention } from '../../../core/mention.ts';
import type { StreamEvent } from './types.ts';

export interface StreamBatcherOptions {
  /** Mentions that trigger a flush at once. Default 100. */
  maxItems?: number;
  /** Longest time a mention waits in the buffer. Default 500 ms. */
  maxDelayMs?: number;
  /** Longest time a cursor that came without mentions waits before being saved. Default 5 s. */
  cursorDelayMs?: number;
  /** Buffered mentions above which `add` waits for the flush in progress (backpressure). Default 1000. */
  highWater?: number;
  /** Publishes the mentions, waits for the broker, then saves the cursor (if any). */
  flush: (mentions: RawMention[], cursor: string | undefined) => Promise<void>;
  /** Called once when a flush fails (the runner closes the stream then). */
  onFailure?: (e: unknown) => void;
}

/**
 * Turns a stream of events into small batches for the runner: a batch goes out when it holds
 * `maxItems` mentions or its oldest mention waited `maxDelayMs`. Flushes run one at a time and
 * in order, so the cursor saved after a flush always covers every mention published before it.
 * Once a flush failed, every later `add` rejects with that error: the stream stops, and the
 * runner reconnects from the last cursor that was saved, so nothing is skipped.
 */
export class StreamBatcher {
  private mentions: RawMention[] = [];
  private cursor: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private due = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;
  private readonly maxItems: number;
  private readonly maxDelayMs: number;
  private readonly cursorDelayMs: number;
  private readonly highWater: number;

  constructor(private readonly opts: StreamBatcherOptions) {
    this.maxItems = opts.maxItems ?? 100;
    this.maxDelayMs = opts.maxDelayMs ?? 500;
    this.cursorDelayMs = opts.cursorDelayMs ?? 5000;
    this.highWater = opts.highWater ?? 1000;
  }

  /** The error of the first failed flush, if any. */
  get error(): unknown {
    return this.failure;
  }

  /** Buffers one event; resolves at once unless the buffer is over its high-water mark. */
  async add(ev: StreamEvent): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (ev.mentions.length) this.mentions.push(...ev.mentions);
    if (ev.cursor !== undefined) this.cursor = ev.cursor;
    if (this.mentions.length >= this.maxItems) this.flushNow();
    else if (this.mentions.length || this.cursor !== undefined) this.arm(this.mentions.length ? this.maxDelayMs : this.cursorDelayMs);
    if (this.mentions.length >= this.highWater) {
      await this.chain;
      if (this.failure !== undefined) throw this.failure;
    }
  }

  /** Flushes what is buffered and waits for every flush; rejects if one failed. */
  async drain(): Promise<void> {
    if (this.mentions.length || this.cursor !== undefined) this.flushNow();
    await this.chain;
    if (this.failure !== undefined) throw this.failure;
  }

  /** Arms the flush timer, or brings it forward (a mention after a cursor-only event must not wait 5 s). */
  private arm(delayMs: number): void {
    const due = Date.now() + delayMs;
    if (this.timer) {
      if (due >= this.due) return;
      clearTimeout(this.timer);
    }
    this.due = due;
    this.timer = setTimeout(() => this.flushNow(), delayMs);
  }

  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const mentions = this.mentions;
    const cursor = this.cursor;
    this.mentions = [];
    this.cursor = undefined;
    this.chain = this.chain.then(async () => {
      // After a failure nothing more is published: the cursor must not jump over the failed batch.
      if (this.failure !== undefined) return;
      try {
        await this.opts.flush(mentions, cursor);
      } catch (e) {
        this.failure = e;
        this.opts.onFailure?.(e);
      }
    });
  }
}
