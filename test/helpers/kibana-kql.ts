import { readFileSync } from 'node:fs';
import peggy from 'peggy';

/**
 * Kibana's KQL grammar (test/fixtures/kibana/kuery.peggy, Apache-2.0), built with peggy, with
 * node builders that make a plain AST: tests parse every KQL Vigie writes exactly as Kibana's
 * query bar would, and read back the fields and values it would search.
 */
const WILDCARD = '@kuery-wildcard@';

export type KqlNode =
  | { type: 'function'; function: string; arguments: KqlNode[] }
  | { type: 'literal'; value: unknown }
  | { type: 'wildcard'; value: string }
  | { type: 'namedArg'; name: string; value: KqlNode };

const nodeTypes = {
  function: {
    buildNodeWithArgumentNodes: (fn: string, args: KqlNode[]): KqlNode => ({ type: 'function', function: fn, arguments: args }),
    buildNode: (fn: string, ...args: unknown[]): KqlNode => ({ type: 'function', function: fn, arguments: args.map((value) => ({ type: 'literal', value })) }),
  },
  literal: { buildNode: (value: unknown): KqlNode => ({ type: 'literal', value }) },
  wildcard: { wildcardSymbol: WILDCARD, buildNode: (value: string): KqlNode => ({ type: 'wildcard', value }), hasLeadingWildcard: (n: { value: string }) => n.value.startsWith(WILDCARD) },
  namedArg: { buildNode: (name: string, value: KqlNode): KqlNode => ({ type: 'namedArg', name, value }) },
};

let parser: peggy.Parser | undefined;

/** Parses a KQL string as Kibana does (leading wildcards allowed, its default); throws a peggy SyntaxError otherwise. */
export function parseKql(q: string): KqlNode {
  parser ??= peggy.generate(readFileSync(new URL('../fixtures/kibana/kuery.peggy', import.meta.url), 'utf8'));
  return parser.parse(q, { helpers: { nodeTypes }, allowLeadingWildcards: true, errorOnLuceneSyntax: false }) as KqlNode;
}

/** One `field:value` leaf of a query: the field, and the value Kibana searches (`*` for wildcards). */
export interface KqlLeaf {
  field: unknown;
  value: unknown;
  wildcard: boolean;
  phrase: boolean;
}

/** Every `field:value` leaf of a parsed query. */
export function kqlLeaves(n: KqlNode, out: KqlLeaf[] = []): KqlLeaf[] {
  if (n.type !== 'function') return out;
  if (n.function === 'is') {
    const [f, v, phrase] = n.arguments;
    const wildcard = v?.type === 'wildcard';
    out.push({ field: (f as { value: unknown }).value, value: wildcard ? (v as { value: string }).value.split(WILDCARD).join('*') : (v as { value: unknown }).value, wildcard, phrase: (phrase as { value?: unknown } | undefined)?.value === true });
    return out;
  }
  for (const a of n.arguments) kqlLeaves(a, out);
  return out;
}
