import { z } from 'zod';
import { watchRoles } from '../core/mention.ts';
import type { EnrichedMention } from '../core/mention.ts';
import { organisationOf, type Organisations } from '../core/organisation.ts';
import { kqlQuote } from './kql.ts';

export { kqlAnd, kqlQuote } from './kql.ts';

/**
 * Which mentions a rule looks at. Omitted: every mention, one scope `all`. With `names` and/or
 * `roles`: mentions matching those watch entries; one scope per entry (`entry:<name>`) unless
 * `split: false`, which pools them into one scope (`set:<filter>`).
 */
export const scopeSchema = z
  .object({
    /** Watch entry names (exact, as in the watch config). */
    names: z.array(z.string().min(1)).min(1).optional(),
    /** Watch roles: brand, competitor, industry. */
    roles: z.array(z.enum(watchRoles)).min(1).optional(),
    /** One episode per entry (default) or one for the whole set. */
    split: z.boolean().default(true),
  })
  .strict()
  .refine((s) => s.names !== undefined || s.roles !== undefined, { message: 'scope needs names or roles (omit scope for all mentions)' });
export type ScopeConfig = z.infer<typeof scopeSchema>;

/** Returns the scope keys a mention counts in (none when it is out of scope). */
export function scopesOf(m: Readonly<EnrichedMention>, scope: ScopeConfig | undefined): string[] {
  if (!scope) return ['all'];
  const hit = m.matches.filter((x) => (!scope.names || scope.names.includes(x.name)) && (!scope.roles || scope.roles.includes(x.role)));
  if (hit.length === 0) return [];
  if (!scope.split) return [pooledScope(scope)];
  return [...new Set(hit.map((x) => `entry:${x.name}`))];
}

const NO_ORGANISATIONS: Organisations = new Map();

/**
 * True when a mention in scope also names another organisation of the watch list: "Zenith recall,
 * good thing I bought Acme" is Zenith's crisis, not Acme's. Entries of one organisation
 * (`watch[].organisation`: a brand, its product line, its CEO) are one: "Acme Phone battery
 * fires, Acme silent" is Acme's. Per-entry scopes: the mention names two organisations or more.
 * Pooled scopes: it names, outside the scope, an organisation none of its in-scope entries
 * belongs to. Industry entries are topics, never organisations.
 */
export function namesOthers(m: Readonly<EnrichedMention>, scope: ScopeConfig | undefined, organisations: Organisations = NO_ORGANISATIONS): boolean {
  if (!scope || m.matches.length < 2) return false;
  const inScope = (x: { name: string; role: string }): boolean => (!scope.names || scope.names.includes(x.name)) && (!scope.roles || scope.roles.includes(x.role as never));
  if (!m.matches.some(inScope)) return false;
  const org = (x: { name: string }): string => organisationOf(x.name, organisations);
  const others = m.matches.filter((x) => x.role !== 'industry');
  if (scope.split) return new Set(others.map(org)).size > 1;
  const ours = new Set(m.matches.filter(inScope).map(org));
  return others.some((x) => !inScope(x) && !ours.has(org(x)));
}

/** Scope keys known before any mention arrives (flatline watches configured names from the start). */
export function declaredScopes(scope: ScopeConfig | undefined): string[] {
  if (!scope) return ['all'];
  if (!scope.split) return [pooledScope(scope)];
  return (scope.names ?? []).map((n) => `entry:${n}`);
}

function pooledScope(scope: ScopeConfig): string {
  const parts: string[] = [];
  if (scope.names) parts.push(`names=${scope.names.join(',')}`);
  if (scope.roles) parts.push(`roles=${scope.roles.join(',')}`);
  return `set:${parts.join(';')}`;
}

/** KQL selecting a scope's mentions in the mentions index (for the Kibana link). */
export function scopeKql(scopeKey: string, scope: ScopeConfig | undefined): string {
  if (scopeKey.startsWith('entry:')) return `matches.name:${kqlQuote(scopeKey.slice(6))}`;
  if (scopeKey === 'all' || !scope) return '';
  const ors: string[] = [];
  if (scope.names) ors.push(...scope.names.map((n) => `matches.name:${kqlQuote(n)}`));
  if (scope.roles) ors.push(...scope.roles.map((r) => `matches.role:${r}`));
  return ors.length === 1 ? ors[0]! : `(${ors.join(' or ')})`;
}
