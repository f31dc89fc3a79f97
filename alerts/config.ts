import { z } from 'zod';
import { formatPath, zodProblems, type ConfigProblem } from '../core/config.ts';
import { durationSchema, tickSchema, deadlineSchema } from '../core/duration.ts';
import { channelConfigSchema, ruleConfigSchema } from './registry.ts';
import { quietHoursSchema } from './quiet-hours.ts';
import { groupings } from './incidents.ts';
import { expectedPeakSchema, type ExpectedPeak } from './peaks.ts';
import type { RuleConfig } from './registry.ts';
import type { Organisations } from '../core/organisation.ts';

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function uniqueNames(list: ReadonlyArray<{ name: string }>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  list.forEach((x, i) => {
    if (seen.has(x.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate name "${x.name}" (names must be unique)` });
    seen.add(x.name);
  });
}

/**
 * The `alerts:` section of the Vigie config: rules, channels and how pages look and when they
 * may go out. Secrets come through env references (`${SLACK_WEBHOOK_URL}`).
 */
export const alertsConfigSchema = z
  .object({
    /** IANA time zone for quiet hours and the times shown in pages. */
    timeZone: z.string().refine(validZone, { message: 'must be an IANA time zone such as "America/Montreal"' }).default('America/Montreal'),
    /** Kibana base URL for the "Open in Kibana" links. */
    kibanaUrl: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).optional(),
    /** Kibana data view id of the mentions index (optional; Discover uses its default otherwise). */
    kibanaDataView: z.string().min(1).optional(),
    quietHours: quietHoursSchema.optional(),
    /**
     * `scope` (default): every rule firing for the same scope (watch entry, or a pooled scope)
     * joins one incident: one page when it opens, quiet updates, a page again only when its
     * severity rises. `rule`: one incident per rule and scope, paging again when a figure grows
     * by the rule's `escalateFactor` (the behaviour before incidents).
     */
    grouping: z.enum(groupings).default('scope'),
    /** Event-time step at which rules are evaluated while mentions flow (and after every batch). */
    evaluateEvery: tickSchema.prefault('1m'),
    /** Evaluations older than this do not page (catch-up after downtime rebuilds state silently). */
    maxPageAge: durationSchema.prefault('15m'),
    /** A page not delivered this long after it was produced goes to the dead-letter topic. */
    deliveryDeadline: deadlineSchema.prefault('1h'),
    /** How often the worker evaluates when no mention arrives (flatline, resolutions). */
    tickEvery: tickSchema.prefault('5s'),
    /**
     * Peaks announced in advance (a launch, a campaign, a TV spot), declared once for every rule:
     * `{ from, to, names?: [watch entries], note? }`. Each rule honours them by what it measures
     * (see docs/alerts.md, "Declared peaks").
     */
    expected: z.array(expectedPeakSchema).max(500).default([]),
    rules: z.array(ruleConfigSchema).default([]).superRefine(uniqueNames),
    channels: z.array(channelConfigSchema).default([]).superRefine(uniqueNames),
  })
  .strict()
  // Rules that learn a weekly rhythm learn it in the section's zone unless they name their own;
  // every rule gets the section's declared peaks.
  .transform((c) => ({ ...c, rules: c.rules.map((r) => withPeaks(r.kind === 'volume_surge' && r.timeZone === undefined ? { ...r, timeZone: c.timeZone } : r, c.expected)) }));
export type AlertsConfig = z.infer<typeof alertsConfigSchema> & {
  /** Which watch entries are one organisation, from the watch config (cli/config-alerts.ts); absent: each its own. */
  organisations?: Organisations;
};

/**
 * Adds the section's peaks to a rule's own. volume_surge judges its scope as a whole: it takes a
 * peak naming watch entries only when its scope may hold one of them; the other rules check the
 * names per scope (alerts/peaks.ts).
 */
function withPeaks<R extends RuleConfig>(r: R, peaks: readonly ExpectedPeak[]): R {
  if (peaks.length === 0) return r;
  const names = r.scope?.names;
  const mine = r.kind === 'volume_surge' ? peaks.filter((p) => !p.names || !names || p.names.some((n) => names.includes(n))) : peaks;
  return { ...r, expected: [...r.expected, ...mine] };
}

/**
 * Validates the `alerts:` section for the main config loader: every problem is appended with its
 * full path (`alerts.rules[0].window: ...`), and rule scopes must name existing watch entries.
 */
export function validateAlertsSection(section: unknown, watchNames: readonly string[], problems: ConfigProblem[], prefix: readonly PropertyKey[] = ['alerts']): AlertsConfig | undefined {
  const r = alertsConfigSchema.safeParse(section);
  if (!r.success) {
    problems.push(...zodProblems(r.error.issues, prefix, section));
    return undefined;
  }
  const known = new Set(watchNames);
  r.data.rules.forEach((rule, i) => {
    for (const n of rule.scope?.names ?? []) {
      if (watchNames.length > 0 && !known.has(n)) problems.push({ path: formatPath([...prefix, 'rules', i, 'scope', 'names']), message: `"${n}" is not a watch entry name (known: ${watchNames.join(', ')})` });
    }
  });
  r.data.expected.forEach((p, i) => {
    for (const n of p.names ?? []) {
      if (watchNames.length > 0 && !known.has(n)) problems.push({ path: formatPath([...prefix, 'expected', i, 'names']), message: `"${n}" is not a watch entry name (known: ${watchNames.join(', ')})` });
    }
  });
  const ruleNames = new Set(r.data.rules.map((x) => x.name));
  r.data.channels.forEach((c, i) => {
    for (const n of c.rules ?? []) if (!ruleNames.has(n)) problems.push({ path: formatPath([...prefix, 'channels', i, 'rules']), message: `"${n}" is not a rule name` });
  });
  return r.data;
}
