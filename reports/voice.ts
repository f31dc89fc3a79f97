import { organisationKey, type OrganisationEntry } from '../core/organisation.ts';

/**
 * One row of the share of voice: an organisation (`watch[].organisation`) and the watch entries
 * counted under it. A mention naming two of its entries (`Acme` and `Acme Phone`) counts once.
 * An entry without organisation is its own row, named by the entry.
 */
export interface VoiceGroup {
  /** Display name: the first entry's `organisation` as written, else its name. */
  name: string;
  role: 'brand' | 'competitor';
  /** Watch entry names (`matches.name`), config order; the report's brand first in its row. */
  entries: string[];
}

/**
 * The rows of the share of voice: the brand's organisation first (the brand entry and the other
 * brand entries of its organisation), then each competitor organisation in config order.
 * Brand entries of other organisations (another client in the same config) are left out, as
 * before organisations existed; industry topics are never counted.
 */
export function voiceGroups(brand: string, watch: readonly OrganisationEntry[]): VoiceGroup[] {
  const keyOf = (e: OrganisationEntry) => organisationKey(e.organisation ?? e.name);
  const own = watch.find((e) => e.name === brand);
  const ownKey = own ? keyOf(own) : organisationKey(brand);
  const mine = watch.filter((e) => e.name !== brand && e.role === 'brand' && keyOf(e) === ownKey);
  const groups: VoiceGroup[] = [{ name: own?.organisation ?? brand, role: 'brand', entries: [brand, ...mine.map((e) => e.name)] }];
  const byKey = new Map<string, VoiceGroup>();
  for (const e of watch) {
    // A competitor in the brand's own organisation is refused by the watch config check.
    if (e.role !== 'competitor' || e.name === brand || keyOf(e) === ownKey) continue;
    const g = byKey.get(keyOf(e));
    if (g) g.entries.push(e.name);
    else {
      const row: VoiceGroup = { name: e.organisation ?? e.name, role: 'competitor', entries: [e.name] };
      byKey.set(keyOf(e), row);
      groups.push(row);
    }
  }
  return groups;
}

/** The rows without organisations: the brand, then each competitor entry alone. */
export function entryGroups(brand: string, competitors: readonly string[]): VoiceGroup[] {
  return [{ name: brand, role: 'brand', entries: [brand] }, ...competitors.filter((c) => c !== brand).map((c): VoiceGroup => ({ name: c, role: 'competitor', entries: [c] }))];
}
