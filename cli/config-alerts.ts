import type { ConfigProblem } from '../core/config.ts';
import { validateAlertsSection, type AlertsConfig } from '../alerts/config.ts';
import { DEFAULT_PREFIX } from '../index/elasticsearch/names.ts';
import { mentionsDataViewId } from '../index/kibana/saved-objects.ts';

export type AlertsSection = AlertsConfig;

/**
 * The `alerts:` section: rules scoped to watch entries that must exist, channels, time zone.
 * `kibanaDataView` defaults to the mentions data view Vigie ships with its saved objects for the
 * index prefix, so "Open in Kibana" links never land in whatever data view Kibana has as default.
 */
export function validateAlerts(section: unknown, watchNames: string[], problems: ConfigProblem[], indexPrefix: string = DEFAULT_PREFIX, path?: readonly PropertyKey[]): AlertsSection | undefined {
  const cfg = validateAlertsSection(section, watchNames, problems, path);
  return cfg && { ...cfg, kibanaDataView: cfg.kibanaDataView ?? mentionsDataViewId(indexPrefix) };
}
