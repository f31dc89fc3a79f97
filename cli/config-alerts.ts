import type { ConfigProblem } from '../core/config.ts';

/** Placeholder until the alerts layer exports its schema. */
export type AlertsSection = unknown;
export function validateAlerts(section: unknown, _watchNames: string[], _problems: ConfigProblem[]): AlertsSection {
  return section;
}
