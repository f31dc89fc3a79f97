import type { ComponentDef, Sink } from '../core/contracts.ts';
import { elasticsearchSinkDef } from './elasticsearch/index.ts';

/** Every sink kind, listed explicitly (nothing registers itself on import). */
export const sinkDefs: ReadonlyArray<ComponentDef<never, Sink>> = [elasticsearchSinkDef as ComponentDef<never, Sink>];

/** The definition of a sink kind, or undefined. */
export function findSink(kind: string): ComponentDef<never, Sink> | undefined {
  return sinkDefs.find((d) => d.kind === kind);
}
