import type { Connector, PollResult } from '../../core/contracts.ts';

/** A closed time range of history to read, in ms since epoch (`since` inclusive, `until` exclusive). */
export interface BackfillRange {
  sinceMs: number;
  untilMs: number;
}

/** One page of history: a poll result plus how far back in time it reached, for progress and ETA. */
export interface BackfillPage extends PollResult {
  /** The oldest publication time reached so far (ms); pages go from `until` back to `since`. */
  reachedMs?: number;
  /** Total items of the range when the platform says (search hit counts). */
  total?: number;
}

/**
 * A connector that can read a time range of history page by page. `cursor` is the backfill's
 * own (stored under `backfill:<source>:<since>-<until>`, never the live cursor); a page with
 * `hasMore: false` ends the range. Like `poll`, it never stores anything itself.
 */
export interface BackfillCapable extends Connector {
  backfill(range: BackfillRange, cursor: string | undefined, signal: AbortSignal): Promise<BackfillPage>;
}

export function canBackfill(c: Connector): c is BackfillCapable {
  return typeof (c as Partial<BackfillCapable>).backfill === 'function';
}
