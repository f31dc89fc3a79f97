/** The `influence` enricher's public entry: its definition and what other code may use. */
export * from './enricher.ts';
