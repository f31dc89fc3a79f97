import type { ConfigProblem } from '../core/config.ts';
import { indexOrganisations, type OrganisationEntry } from '../core/organisation.ts';
import { validateAlertsSection, type AlertsConfig } from '../alerts/config.ts';
import { DEFAULT_PREFIX } from '../index/elasticsearch/names.ts';
import { mentionsDataViewId } from '../index/kibana/saved-objects.ts';

export type AlertsSection = AlertsConfig;

/**
 * The `alerts:` section: rules scoped to watch entries that must exist, channels, time zone.
 * `kibanaDataView` defaults to the mentions data view Vigie ships with its saved objects for the
 * index prefix, so "Open in Kibana" links never land in whatever data view Kibana has as default.
 * The rules learn from the watch entries which ones are one organisation (`shared: exclude`).
 */
export function validateAlerts(section: unknown, watch: readonly OrganisationEntry[], problems: ConfigProblem[], indexPrefix: string = DEFAULT_PREFIX, path?: readonly PropertyKey[]): AlertsSection | undefined {
  const cfg = validateAlertsSection(
    section,
    watch.map((w) => w.name),
    problems,
    path,
  );
  return cfg && { ...cfg, kibanaDataView: cfg.kibanaDataView ?? mentionsDataViewId(indexPrefix), organisations: indexOrganisations(watch) };
}

/**
 * An `unanswered` rule sees answers only from the brand's own accounts (`watch[].owned`): with
 * none in its scope, no reply could ever cancel a wait and every waiting mention would page.
 */
export function crossCheckUnanswered(alerts: AlertsSection, watch: ReadonlyArray<{ name: string; role: string; owned?: object | undefined }>): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  alerts.rules.forEach((r, i) => {
    if (r.kind !== 'unanswered') return;
    const inScope = watch.filter((w) => w.role === 'brand' && (!r.scope?.names || r.scope.names.includes(w.name)) && (!r.scope?.roles || r.scope.roles.includes('brand')));
    if (inScope.some((w) => w.owned)) return;
    out.push({
      path: `alerts.rules[${i}]`,
      message: `unanswered "${r.name}": no brand watch entry in its scope lists its own accounts, so no reply could be seen and every waiting mention would page; add them under the brand's entry, e.g. owned: { x: ["1234567890"] }`,
    });
  });
  return out;
}
