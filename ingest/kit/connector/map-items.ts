import type { ComponentContext } from '../../../core/contracts.ts';
import { formatIssues, rawMentionSchema, type RawMention, type RawMentionInput } from '../../../core/mention.ts';
import { MappingError } from './read.ts';

/** An item left out of a poll, with the reason (field names, never post text). */
export interface SkippedItem {
  index: number;
  id?: string;
  reason: string;
}

export interface MappedItems {
  mentions: RawMention[];
  skipped: SkippedItem[];
}

/**
 * Maps the items of one answer to mentions. An item whose mapping throws a MappingError, or
 * whose result fails the mention schema, is skipped; the rest go through. Skips are counted
 * (`vigie_mentions_dropped_total{reason="unmappable"}`) and logged once per answer as a warning
 * with the first reasons. A mapper returns undefined to leave out an item on purpose (deleted
 * post, unsupported type); that is not counted as a failure.
 * Anything other than a MappingError is a bug and is rethrown.
 */
export function mapItems(
  items: readonly unknown[],
  map: (item: unknown, index: number) => RawMentionInput | undefined,
  kind: string,
  ctx: ComponentContext,
): MappedItems {
  const mentions: RawMention[] = [];
  const skipped: SkippedItem[] = [];
  items.forEach((item, index) => {
    let input: RawMentionInput | undefined;
    try {
      input = map(item, index);
    } catch (e) {
      if (!(e instanceof MappingError)) throw e;
      skipped.push({ index, reason: e.message });
      return;
    }
    if (input === undefined) return;
    const r = rawMentionSchema.safeParse(input);
    if (r.success) mentions.push(r.data);
    else skipped.push({ index, id: input.id, reason: formatIssues(r.error.issues) });
  });
  if (skipped.length) {
    ctx.metrics.dropped.inc({ stage: 'ingest', component: kind, reason: 'unmappable' }, skipped.length);
    ctx.logger.warn({ code: 'ERR_CONNECTOR_ITEM_SKIPPED', kind, skipped: skipped.length, of: items.length, first: skipped.slice(0, 5) }, 'items skipped: they do not have the expected fields');
  }
  return { mentions, skipped };
}
