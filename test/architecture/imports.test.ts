import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importGraph, importLoops, layerEdges, parseRules, repoSources, violations } from './imports.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const DOC = readFileSync(`${ROOT}docs/architecture.md`, 'utf8');
const rules = parseRules(DOC);
const graph = importGraph(repoSources(ROOT));

const show = (edges: Map<string, Set<string>>) => Object.fromEntries([...edges].map(([k, v]) => [k, [...v].sort()]));

describe('the dependency picture of docs/architecture.md', () => {
  it('holds: no layer imports a layer it may not, nor another layer past its public entry', () => {
    expect(violations(graph, rules).map((v) => `${v.file} imports ${v.imports}: ${v.why}`)).toEqual([]);
  });

  it('has no import loop between files', () => {
    expect(importLoops(graph).map((l) => l.join(' -> '))).toEqual([]);
  });

  it('is exact: every dependency it lists is one the code has (no stale arrow on the page)', () => {
    expect(show(layerEdges(graph, new Set(rules.deps.keys())))).toEqual(show(rules.deps));
  });
});

describe('the import checker', () => {
  const rulesOf = (deps: string) => parseRules(`\`\`\`deps\n${deps}\n\`\`\``);
  const sample = rulesOf('core -> nothing\nnotify -> core\nindex -> core\nalerts -> core, notify\nreports -> core, notify, index(index/read.ts)');

  it("fails on a stage importing another stage's internals", () => {
    const g = importGraph(
      new Map([
        ['alerts/text.ts', "import { foldText } from '../enrich/text/fold.ts';"],
        ['reports/queries.ts', "import { indexNames } from '../index/elasticsearch/names.ts';\nimport { x } from '../index/read.ts';"],
        ['reports/deliver.ts', "const m = await import('../alerts/channels/base.ts');"],
        ['core/bus.ts', "export * from '../notify/http.ts';"],
        ['alerts/engine.test.ts', "import { m } from '../test/fixtures/alerts/make-mention.ts';"],
        ['alerts/engine.ts', "import type { X } from '../test/fixtures/alerts/make-mention.ts';"],
      ]),
    );
    expect(violations(g, sample).map((v) => `${v.file} -> ${v.imports}`)).toEqual([
      'alerts/text.ts -> enrich/text/fold.ts',
      'reports/queries.ts -> index/elasticsearch/names.ts',
      'reports/deliver.ts -> alerts/channels/base.ts',
      'core/bus.ts -> notify/http.ts',
      'alerts/engine.ts -> test/fixtures/alerts/make-mention.ts',
    ]);
  });

  it('fails on an import loop, type-only imports included (the old reports/deliver.ts <-> email.ts)', () => {
    const g = importGraph(
      new Map([
        ['reports/deliver.ts', "import { reportEmail } from './email.ts';"],
        ['reports/email.ts', "import type { ReportMessage } from './deliver.ts';"],
        ['reports/a.ts', "import './b.ts';"],
        ['reports/b.ts', "export { c } from './c.ts';"],
        ['reports/c.ts', "import { a } from './a.ts';"],
        ['reports/d.ts', "import { a } from './a.ts';"],
      ]),
    );
    expect(importLoops(g).map((l) => l.join(' '))).toEqual(expect.arrayContaining(['reports/deliver.ts reports/email.ts', 'reports/a.ts reports/b.ts reports/c.ts']));
    expect(importLoops(g)).toHaveLength(2);
  });

  it('refuses a deps block it cannot read rather than checking nothing', () => {
    expect(() => parseRules('no block here')).toThrow(/deps block/);
    expect(() => rulesOf('alerts => core')).toThrow(/cannot read/);
  });
});
