import { z } from 'zod';
import type { ComponentDef } from './contracts.ts';

/** The config type of a component definition. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ConfigOf<D> = D extends ComponentDef<infer C, any> ? C : never;

/**
 * The config union of a registry, discriminated by `kind`, built from the definitions themselves:
 * a component is listed once (its registry line) and its schema joins the config file's union.
 * A definition whose schema names another kind is a programming error, thrown at load time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function configUnion<D extends ComponentDef<any, unknown>>(what: string, defs: readonly D[]): z.ZodType<ConfigOf<D>> {
  for (const d of defs) {
    const kinds = (d.config as unknown as { _zod: { propValues?: { kind?: Set<unknown> } } })._zod.propValues?.kind;
    if (!kinds?.has(d.kind)) throw new Error(`${what} registry: the config schema of "${d.kind}" does not declare kind: z.literal('${d.kind}')`);
  }
  const schemas = defs.map((d) => d.config) as unknown as [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]];
  return z.discriminatedUnion('kind', schemas) as unknown as z.ZodType<ConfigOf<D>>;
}
