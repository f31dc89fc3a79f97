import type { BusMessage, OutMessage } from './bus.ts';
import { toVigieError } from './errors.ts';

/** What a dead letter says: which stage gave up on what, and why. */
export interface DeadLetter {
  stage: string;
  code: string;
  reason: string;
  /** Where the message came from, when it came from the bus. */
  origin?: { topic: string; partition: number; offset: string };
  key: string | null;
  /** The original payload, as received (truncated past 1 MB so a dead letter always fits). */
  payload: string;
  at: string;
}

const MAX_PAYLOAD = 1_000_000;

/** Builds the dead-letter message for a payload a stage could not process. */
export function deadLetter(stage: string, err: unknown, payload: string, key: string | null, origin?: BusMessage): OutMessage {
  const e = toVigieError(err);
  const dl: DeadLetter = {
    stage,
    code: e.code,
    reason: e.message,
    origin: origin ? { topic: origin.topic, partition: origin.partition, offset: origin.offset } : undefined,
    key,
    payload: payload.length > MAX_PAYLOAD ? payload.slice(0, MAX_PAYLOAD) : payload,
    at: new Date().toISOString(),
  };
  return { key, value: JSON.stringify(dl), headers: { 'vigie-stage': stage, 'vigie-error-code': e.code } };
}
