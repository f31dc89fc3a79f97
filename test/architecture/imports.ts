import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';

/** Relative imports of every TypeScript file, keyed by repository path (`alerts/engine.ts`). */
export type ImportGraph = Map<string, string[]>;

/** Builds the graph from source texts; only relative specifiers count (packages are not layers). */
export function importGraph(sources: ReadonlyMap<string, string>): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const [file, text] of sources) {
    // preProcessFile sees static, type-only, re-export, side-effect and dynamic imports alike.
    const specs = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
    graph.set(
      file,
      specs.filter((s) => s.startsWith('.')).map((s) => normalize(join(dirname(file), s)).split('\\').join('/')),
    );
  }
  return graph;
}

/** The repository's tracked TypeScript files and their texts. */
export function repoSources(root: string): Map<string, string> {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  return new Map(files.map((f) => [f, readFileSync(join(root, f), 'utf8')]));
}

/** Top-level folder of a path (`alerts` for `alerts/rules/x/rule.ts`, `.` for a root file). */
export function layerOf(path: string): string {
  const i = path.indexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}

/** Test code: `*.test.ts` files and the test/ tree; they may use fixtures and helpers anywhere. */
export function isTestFile(path: string): boolean {
  return path.endsWith('.test.ts') || path.startsWith('test/');
}

/**
 * The dependency rules, as docs/architecture.md states them: which layers each layer may import,
 * and for an arrow limited to public entries (`reports -> index(index/read.ts)`), the only files
 * it may import, keyed `from->to`.
 */
export interface Rules {
  deps: Map<string, Set<string>>;
  entries: Map<string, Set<string>>;
}

/**
 * Reads the rules from the fenced `deps` block of docs/architecture.md, one line per layer:
 * `reports -> core, notify, index(index/read.ts)`; a layer in parentheses is imported only
 * through those files. `nothing` means no other layer.
 */
export function parseRules(markdown: string): Rules {
  const block = /```deps\n([\s\S]*?)```/.exec(markdown);
  if (!block) throw new Error('docs/architecture.md has no ```deps block');
  const deps = new Map<string, Set<string>>();
  const entries = new Map<string, Set<string>>();
  for (const raw of block[1]!.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const m = /^([\w.-]+)\s*->\s*(.+)$/.exec(line);
    if (!m) throw new Error(`docs/architecture.md deps block: cannot read "${line}"`);
    const to = new Set<string>();
    for (const item of m[2]!.split(/,(?![^(]*\))/).map((s) => s.trim())) {
      if (item === 'nothing') continue;
      const e = /^([\w.-]+)(?:\(([^)]*)\))?$/.exec(item);
      if (!e) throw new Error(`docs/architecture.md deps block: cannot read "${item}" in "${line}"`);
      to.add(e[1]!);
      if (e[2]) entries.set(`${m[1]}->${e[1]}`, new Set(e[2].split(/\s+/).filter(Boolean)));
    }
    deps.set(m[1]!, to);
  }
  return { deps, entries };
}

/** One import that breaks a rule, said the way a reviewer would. */
export interface Violation {
  file: string;
  imports: string;
  why: string;
}

/**
 * Imports of product code that cross a layer boundary the rules do not allow, or that reach into
 * another layer past its public entry. Test code may also import test/ (fixtures, helpers).
 */
export function violations(graph: ImportGraph, rules: Rules): Violation[] {
  const out: Violation[] = [];
  for (const [file, targets] of graph) {
    const from = layerOf(file);
    const allowed = rules.deps.get(from);
    if (!allowed) continue; // tooling (bench/, demo/, test/, root files): not a layer
    for (const t of targets) {
      const to = layerOf(t);
      if (to === from) continue;
      if (isTestFile(file) && to === 'test') continue;
      if (!allowed.has(to)) {
        out.push({ file, imports: t, why: `${from}/ may import ${[...allowed].map((l) => `${l}/`).join(', ') || 'no other layer'}, not ${to}/` });
        continue;
      }
      const entry = rules.entries.get(`${from}->${to}`);
      if (entry && !entry.has(t)) out.push({ file, imports: t, why: `${to}/ is imported through ${[...entry].join(', ')} only (its internals may change)` });
    }
  }
  return out;
}

/** Layer-level edges the product code actually has (test code excluded). */
export function layerEdges(graph: ImportGraph, layers: ReadonlySet<string>): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>([...layers].map((l) => [l, new Set<string>()]));
  for (const [file, targets] of graph) {
    const from = layerOf(file);
    if (!layers.has(from) || isTestFile(file)) continue;
    for (const t of targets) if (layerOf(t) !== from && layers.has(layerOf(t))) edges.get(from)!.add(layerOf(t));
  }
  return edges;
}

/** Import loops between files (Tarjan's strongly connected components of two or more files, or a file importing itself). */
export function importLoops(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) loops.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return loops;
}
