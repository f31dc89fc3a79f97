import { describe, expect, it } from 'vitest';
import { indexOrganisations } from '../core/organisation.ts';
import type { WatchRole } from '../core/mention.ts';
import { mention } from '../test/fixtures/alerts/make-mention.ts';
import { namesOthers, scopeSchema } from './scope.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const naming = (...m: Array<[string, WatchRole]>) => ({ ...mention(T0), matches: m.map(([name, role]) => ({ name, role })) });
const scope = (s: unknown) => scopeSchema.parse(s);

const orgs = indexOrganisations([
  { name: 'Acme', role: 'brand' },
  { name: 'Acme Phone', role: 'brand', organisation: 'Acme' },
  { name: 'Jane Doe', role: 'brand', organisation: 'Acme' },
  { name: 'Zenith', role: 'competitor' },
  { name: 'Telecom', role: 'industry' },
]);

describe('namesOthers: a mention shared with another organisation', () => {
  const productLine = scope({ names: ['Acme Phone'] });
  const productCrisis = naming(['Acme', 'brand'], ['Acme Phone', 'brand']);
  const zenithCrisis = naming(['Acme', 'brand'], ['Acme Phone', 'brand'], ['Zenith', 'competitor']);

  it('a product line and its brand are one organisation: the product crisis is not shared', () => {
    expect(namesOthers(productCrisis, productLine, orgs)).toBe(false);
    expect(namesOthers(productCrisis, scope({ names: ['Acme'] }), orgs)).toBe(false);
    expect(namesOthers(naming(['Jane Doe', 'brand'], ['Acme Phone', 'brand']), productLine, orgs)).toBe(false);
    // Without the watch config's organisations every entry is its own: the defect this fixes.
    expect(namesOthers(productCrisis, productLine)).toBe(true);
  });

  it('a competitor named too makes it shared, per entry and pooled', () => {
    expect(namesOthers(zenithCrisis, productLine, orgs)).toBe(true);
    expect(namesOthers(zenithCrisis, scope({ names: ['Acme', 'Acme Phone'], split: false }), orgs)).toBe(true);
    expect(namesOthers(zenithCrisis, scope({ roles: ['brand'], split: false }), orgs)).toBe(true);
    expect(namesOthers(naming(['Zenith', 'competitor'], ['Acme', 'brand']), scope({ names: ['Zenith'] }), orgs)).toBe(true);
  });

  it('pooled: an entry outside the scope is shared only when of another organisation', () => {
    expect(namesOthers(productCrisis, scope({ names: ['Acme Phone'], split: false }), orgs)).toBe(false);
    expect(namesOthers(naming(['Acme Phone', 'brand'], ['Zenith', 'competitor']), scope({ names: ['Acme Phone'], split: false }), orgs)).toBe(true);
    // Pooled on competitors, the brand named alongside is another organisation.
    expect(namesOthers(naming(['Zenith', 'competitor'], ['Acme', 'brand']), scope({ roles: ['competitor'], split: false }), orgs)).toBe(true);
  });

  it('industry topics are no organisation; out-of-scope mentions and unscoped rules are never shared', () => {
    expect(namesOthers(naming(['Acme Phone', 'brand'], ['Telecom', 'industry']), productLine, orgs)).toBe(false);
    expect(namesOthers(naming(['Acme Phone', 'brand'], ['Telecom', 'industry']), scope({ names: ['Acme Phone'], split: false }), orgs)).toBe(false);
    expect(namesOthers(naming(['Zenith', 'competitor'], ['Telecom', 'industry']), productLine, orgs)).toBe(false);
    expect(namesOthers(zenithCrisis, undefined, orgs)).toBe(false);
  });

  it('an entry the config no longer lists counts as its own organisation', () => {
    expect(namesOthers(naming(['Acme Phone', 'brand'], ['Old Rival', 'competitor']), productLine, orgs)).toBe(true);
  });
});
