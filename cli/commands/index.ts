import type { CommandEntry } from '../command.ts';

/**
 * Every subcommand, listed explicitly; `vigie --help` prints them in this order. Each module is
 * imported only when its command runs: loading them all (Kafka and Elasticsearch clients, the
 * sentiment models, the report renderer) cost about a second of CPU on every start.
 */
export const commands: readonly CommandEntry[] = [
  { name: 'init', summary: 'Write a first config for your brand: feeds found on its site, queries, alert rules, a Slack or Teams channel', load: async () => (await import('./init.ts')).command },
  { name: 'run', summary: 'Run every stage in one process (ingest, enrich, index; alerts and reports when configured)', load: async () => (await import('./run.ts')).command },
  { name: 'ingest', summary: 'Run the ingest stage (sources -> Kafka), or poll sources once to NDJSON with --once', load: async () => (await import('./ingest.ts')).command },
  { name: 'backfill', summary: "Read a source's history over a date range into Kafka, with progress; resumable after Ctrl-C", load: async () => (await import('./backfill.ts')).command },
  { name: 'enrich', summary: 'Run the enrich stage (Kafka), or enrich an NDJSON file offline with --input', load: async () => (await import('./enrich.ts')).command },
  { name: 'index', summary: 'Run the index stage (enriched topic -> Elasticsearch); `index setup|prune` manage indices', load: async () => (await import('./index-stage.ts')).command },
  { name: 'alerts', summary: 'Run the alert stage; backtest rules on history (replay); send a test alert', load: async () => (await import('./alerts.ts')).command },
  { name: 'report', summary: 'Write the weekly brand-perception report (HTML, PDF, Markdown, JSON) from Elasticsearch', load: async () => (await import('./report.ts')).command },
  { name: 'sources', summary: 'Try a source before going live: vigie sources test <url>, or --config: every source and owned account once', load: async () => (await import('./sources.ts')).command },
  { name: 'kibana', summary: 'Import the Vigie data views, saved searches and dashboard into Kibana', load: async () => (await import('./kibana.ts')).command },
  { name: 'desk', summary: 'Response desk: the mentions waiting for an answer, by priority (web page or JSON)', load: async () => (await import('./desk.ts')).command },
  { name: 'models', summary: 'Download and convert the sentence encoder of the accurate sentiment tier (vigie models fetch)', load: async () => (await import('./models.ts')).command },
  { name: 'forget', summary: "Right to erasure: delete an author's mentions from every index", load: async () => (await import('./forget.ts')).command },
  { name: 'stack', summary: 'Start, stop or inspect a local Kafka + Elasticsearch (no Docker; JDK 17+ and Maven)', load: async () => (await import('./stack.ts')).command },
  { name: 'check-config', summary: 'Validate a config file completely, without connecting to anything', load: async () => (await import('./check-config.ts')).command },
];
