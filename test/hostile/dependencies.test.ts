/**
 * Production installs carry what production runs: every package in `dependencies` is imported by
 * runtime code, and runtime code imports only `dependencies` (and Node built-ins). natural (whose
 * own dependencies are mongoose, pg, redis, memjs and dotenv) and rss-parser are not shipped.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const RUNTIME = ['core', 'ingest', 'enrich', 'index', 'alerts', 'reports', 'cli', 'stack', 'notify'];
/** Build-time scripts: they may use development dependencies. */
const BUILD_ONLY = /\.test\.ts$|\/testing\/|\/testing\.ts$|\/train\.ts$|\/vendor-lexicons\.ts$|build-words|bad-answers-suite\.ts$/;

function files(dir: string): string[] {
  let out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat(files(p));
    else if (/\.(ts|js|mjs)$/.test(n)) out.push(p);
  }
  return out;
}

/** Package names a file imports (static, dynamic and createRequire resolutions). */
function imported(text: string): string[] {
  const out: string[] = [];
  // Type-only imports are erased at run time; files read from node_modules by path count as used.
  const code = text.replace(/^import type .*$/gm, '').replace(/^\s*(\/\/|\*|\/\*).*$/gm, '');
  const specs = [
    ...code.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'".][^'"]*)['"]/g),
    ...code.matchAll(/require(?:\.resolve)?\s*\(\s*['"`]([^'"`.$][^'"`$]*)/g),
    ...code.matchAll(/'node_modules',\s*'([^']+)'/g),
  ];
  for (const m of specs) {
    const spec = m[1]!;
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
    if (!name.startsWith('node:') && !builtinModules.includes(name)) out.push(name);
  }
  return out;
}

describe('production dependencies', () => {
  const runtime = RUNTIME.flatMap((d) => files(join(ROOT, d))).filter((f) => !BUILD_ONLY.test(f));
  const used = new Map<string, string>();
  for (const f of runtime) for (const name of imported(readFileSync(f, 'utf8'))) used.set(name, f);

  it('runtime code imports only production dependencies', () => {
    // cli/bin.js loads tsx only in a checkout without a fresh build (development); the package runs dist/.
    for (const [name, file] of used) if (name !== 'tsx') expect(pkg.dependencies, `${file} imports ${name}`).toHaveProperty([name]);
  });

  it('every production dependency is imported by runtime code (or is a types package)', () => {
    for (const name of Object.keys(pkg.dependencies)) {
      if (name.startsWith('@types/')) continue;
      expect(used.has(name), `${name} is in dependencies but runtime code never imports it`).toBe(true);
    }
  });

  it('natural and rss-parser are not shipped', () => {
    expect(pkg.dependencies).not.toHaveProperty(['natural']);
    expect(pkg.dependencies).not.toHaveProperty(['rss-parser']);
  });
});
