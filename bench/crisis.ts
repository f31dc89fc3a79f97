/**
 * `npm run bench:crisis`: replays every generated scenario (bench/crisis/scenarios.ts) through
 * `vigie alerts replay`'s code path with the shipped config/examples/alerts.yaml (product
 * defaults, no tuning per scenario) and prints, per scenario and brand size: pages on the calm
 * days before the event (every rule, the source-silence rule included), pages for Acme in the
 * event's first hour and in all, the time from the event's start to the first page, which rules
 * paged, and the source-silence (flatline) pages during the event apart (the outage should page
 * there when the source's pace makes its silence unlikely). A page is an alert event that goes to
 * the channels (an opening or an escalation; resolutions are not pages). A launch is declared
 * once in the section's `alerts.expected`, as a user would.
 *
 *   npm run bench:crisis [-- --only burst,bot-flood] [--sizes shop,brand] [--seed 15]
 *                        [--calm-weeks 3] [--config config/examples/alerts-classic.yaml]
 *
 * `--calm-weeks N` (default 1, at most 12) gives each scenario N weeks of ordinary traffic before
 * the event instead of one: from 2 on, `volume_surge`'s level track has its week of history and
 * judges, so the rows show the product in its steady state (each window then holds a fifth of
 * the false-page budget instead of a quarter). Calm-day pages are then counted over N weeks.
 *
 * Needs no Kafka or Elasticsearch. The last line is the figures as JSON.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseYamlTree, validateConfig } from '../cli/config.ts';
import { Metrics } from '../core/metrics.ts';
import { silentLogger } from '../core/logger.ts';
import { isPage, type Alert } from '../alerts/contracts.ts';
import { replayMentions } from '../alerts/replay.ts';
import type { AlertsConfig } from '../alerts/config.ts';
import { generate, MAX_CALM_WEEKS, type Scenario } from './crisis/scenarios.ts';
import { BenchSetupError, runBench } from './lib/run.ts';

const EXAMPLE = new URL('../config/examples/alerts.yaml', import.meta.url).pathname;
const HOUR = 3_600_000;

/** The config's alerts section, with the scenario's declared peaks (for Acme) in `alerts.expected`. */
function alertsConfig(s: Scenario, file = EXAMPLE): AlertsConfig {
  const tree = parseYamlTree(readFileSync(file, 'utf8'), file) as { alerts: { expected?: unknown[] } };
  if (s.expected.length > 0) tree.alerts.expected = [...(tree.alerts.expected ?? []), ...s.expected.map((p) => ({ ...p, names: ['Acme'] }))];
  const env = { VIGIE_WEBHOOK_SECRET: 'bench-secret-0123456789', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X', TEAMS_WEBHOOK_URL: 'https://example.webhook.office.com/x', PAGERDUTY_ROUTING_KEY: '0123456789abcdef0123456789abcdef' };
  const { config, problems } = validateConfig(tree, env);
  if (!config?.alerts) throw new Error(`${file} does not validate: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return config.alerts;
}

export interface ScenarioResult {
  scenario: string;
  size: string;
  mentions: number;
  shouldPage: boolean;
  calmPages: number;
  firstHourPages: number;
  eventPages: number;
  /** Minutes from the event's start to its first page; undefined when none. */
  firstPageMin?: number;
  byRule: Record<string, number>;
  calmByRule: Record<string, number>;
  episodes: number;
  /** Pages of flatline rules (source silent) from the event's start on, counted apart from Acme's. */
  silencePages: number;
  seconds: number;
}

export function runScenario(s: Scenario, configFile?: string): ScenarioResult {
  const started = Date.now();
  const cfg = alertsConfig(s, configFile);
  const pages: Alert[] = [];
  const silences: Alert[] = [];
  replayMentions(cfg, s.mentions, { logger: silentLogger(), metrics: new Metrics() }, (a) => {
    // Pages only: quiet incident updates (other rules joining, figures growing) page nobody.
    if (!isPage(a.type)) return;
    // A source falling silent is its own incident (scope source:...), not Acme's.
    (a.kind === 'flatline' ? silences : pages).push(a);
  }, s.until);
  const at = (a: Alert): number => Date.parse(a.eventTime);
  const calm = [...pages, ...silences].filter((a) => at(a) < s.start);
  const event = pages.filter((a) => at(a) >= s.start && at(a) <= s.end + HOUR);
  const first = event[0];
  // A page of an incident counts for every rule firing in it (one page may carry several).
  const firing = (a: Alert): string[] => {
    const active = (a.rules ?? []).filter((r) => r.active).map((r) => r.rule);
    return active.length ? active : [a.rule];
  };
  const count = (xs: Alert[]): Record<string, number> => {
    const m: Record<string, number> = {};
    for (const a of xs) for (const r of firing(a)) m[r] = (m[r] ?? 0) + 1;
    return m;
  };
  return {
    scenario: s.name,
    size: s.size,
    mentions: s.mentions.length,
    shouldPage: s.shouldPage,
    calmPages: calm.length,
    firstHourPages: event.filter((a) => at(a) < s.start + HOUR).length,
    eventPages: event.length,
    firstPageMin: first ? Math.round((at(first) - s.start) / 60_000) : undefined,
    byRule: count(event),
    calmByRule: count(calm),
    episodes: new Set(event.map((a) => a.incidentId)).size,
    silencePages: silences.filter((a) => at(a) >= s.start).length,
    seconds: (Date.now() - started) / 1000,
  };
}

async function main(): Promise<Record<string, unknown>> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, sizes: { type: 'string' }, seed: { type: 'string' }, 'calm-weeks': { type: 'string' }, config: { type: 'string' } } });
  const calmWeeks = Number(values['calm-weeks'] ?? 1);
  if (!Number.isInteger(calmWeeks) || calmWeeks < 1 || calmWeeks > MAX_CALM_WEEKS) throw new BenchSetupError(`--calm-weeks must be a whole number of weeks from 1 to ${MAX_CALM_WEEKS}, got ${JSON.stringify(values['calm-weeks'])}`);
  const results: ScenarioResult[] = [];
  const started = Date.now();
  process.stdout.write(`config: ${values.config ?? 'config/examples/alerts.yaml'}, calm weeks before the event: ${calmWeeks}\n`);
  process.stdout.write('scenario       size   mentions  should page  calm-day pages  1st-hour pages  event pages  first page (min)  pages by firing rule (event | calm days)  [source-silence pages from the event on]\n');
  for (const s of generate(Number(values.seed ?? 15), { names: values.only?.split(','), sizes: values.sizes?.split(',') }, calmWeeks)) {
    const r = runScenario(s, values.config);
    results.push(r);
    const rules = (m: Record<string, number>): string => Object.entries(m).map(([k, v]) => `${k} ${v}`).join(', ') || '-';
    process.stdout.write(
      `${r.scenario.padEnd(14)} ${r.size.padEnd(6)} ${String(r.mentions).padStart(8)}  ${(r.shouldPage ? 'yes' : 'no').padEnd(11)}  ${String(r.calmPages).padStart(14)}  ${String(r.firstHourPages).padStart(14)}  ${String(r.eventPages).padStart(11)}  ${String(r.firstPageMin ?? '-').padStart(16)}  ${rules(r.byRule)} | ${rules(r.calmByRule)}  [${r.silencePages}]  (${r.seconds.toFixed(1)} s)\n`,
    );
  }
  process.stdout.write(`${results.length} scenarios in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return { config: values.config ?? 'config/examples/alerts.yaml', calmWeeks, scenarios: results.map(({ seconds: _s, ...r }) => r) };
}

if (import.meta.url === `file://${process.argv[1]}`) await runBench('crisis', main);
