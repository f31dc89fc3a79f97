import { VigieError } from '../../core/errors.ts';

/**
 * Index and template names. Everything hangs off one prefix (`vigie` by default) so that tests
 * and several deployments can share a cluster.
 */

/** Names derived from a prefix. */
export interface IndexNames {
  prefix: string;
  /** Read alias over every monthly mentions index. */
  mentionsAlias: string;
  /** Wildcard matching the monthly indices (not the alias). */
  mentionsPattern: string;
  /** The alert records index. */
  alerts: string;
  /** First answer of an owned account to each mention, `_id` = the answered mention's id. */
  responses: string;
  /** The response desk's state per mention (handled, snoozed, assigned), `_id` = mention id. */
  desk: string;
  mentionsTemplate: string;
  alertsTemplate: string;
  settingsComponent: string;
  mappingsComponent: string;
  ilmPolicy: string;
}

export const DEFAULT_PREFIX = 'vigie';

export function indexNames(prefix: string = DEFAULT_PREFIX): IndexNames {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(prefix)) {
    throw new Error(`index prefix must be lowercase letters, digits, "-" or "_", got ${JSON.stringify(prefix)}`);
  }
  return {
    prefix,
    mentionsAlias: `${prefix}-mentions`,
    mentionsPattern: `${prefix}-mentions-*`,
    alerts: `${prefix}-alerts`,
    responses: `${prefix}-responses`,
    desk: `${prefix}-desk`,
    mentionsTemplate: `${prefix}-mentions`,
    alertsTemplate: `${prefix}-alerts`,
    settingsComponent: `${prefix}-mentions-settings`,
    mappingsComponent: `${prefix}-mentions-mappings`,
    ilmPolicy: `${prefix}-mentions-retention`,
  };
}

/**
 * The monthly index of a mention: `<prefix>-mentions-YYYY.MM` of its publication time in UTC.
 * Derived from publishedAt only, so a re-delivered mention always lands in the same index and
 * its `_id` replaces the earlier document instead of adding a second one.
 */
export function monthlyIndex(prefix: string, publishedAt: string): string {
  const d = new Date(publishedAt);
  // The mention schema keeps dates within 1990..tomorrow; this guards any other caller, so that an
  // absurd year never names an index ("-mentions-0.01") that no retention would ever match.
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1990 || d.getUTCFullYear() > 9999) {
    throw new VigieError('ERR_SCHEMA_INVALID', `publishedAt is not a date between 1990 and 9999: ${JSON.stringify(publishedAt.slice(0, 40))}`);
  }
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  return `${prefix}-mentions-${d.getUTCFullYear()}.${mm}`;
}

/** The month of a monthly index name as [start, end) in ms since epoch, or undefined if the name is not one. */
export function monthOfIndex(prefix: string, index: string): { start: number; end: number } | undefined {
  const m = new RegExp(`^${prefix.replace(/[-]/g, '\\-')}-mentions-(\\d{4})\\.(\\d{2})$`).exec(index);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  if (mo < 0 || mo > 11) return undefined;
  return { start: Date.UTC(y, mo, 1), end: Date.UTC(y, mo + 1, 1) };
}
