import type { ConfigProblem } from '../core/config.ts';
import { validateAlertsSection, type AlertsConfig } from '../alerts/config.ts';

export type AlertsSection = AlertsConfig;

/** The `alerts:` section: rules scoped to watch entries that must exist, channels, time zone. */
export function validateAlerts(section: unknown, watchNames: string[], problems: ConfigProblem[]): AlertsSection | undefined {
  return validateAlertsSection(section, watchNames, problems);
}
