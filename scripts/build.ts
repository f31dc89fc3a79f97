/**
 * `npm run build`: the product compiled to JavaScript in dist/, with the data files it reads at
 * run time (models, word lists, Kibana objects) beside the modules that read them, so `vigie`
 * starts without compiling TypeScript (cli/bin.js prefers dist/ when it is up to date).
 * Tests, fixtures, benchmarks and model-training scripts are not part of it.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRODUCT_DIRS, newestSource } from '../cli/build-info.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
/**
 * Files read at run time next to their module (models, word lists, saved objects, the vendored
 * sentiment lexicons and the fusion weights in .json); everything else that is not TypeScript
 * stays out (READMEs, build scripts of the data).
 */
const ASSETS = new Set(['.bin', '.txt', '.ndjson', '.json']);

// The two lists of product folders must agree, or a folder is compiled but not copied (or the reverse).
const included = (JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as { include: string[] }).include;
if (included.join() !== PRODUCT_DIRS.join()) throw new Error(`tsconfig.build.json "include" (${included.join(', ')}) and PRODUCT_DIRS in cli/build-info.js (${PRODUCT_DIRS.join(', ')}) differ: list every product folder in both`);
const t0 = Date.now();
rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
let assets = 0;
for (const top of PRODUCT_DIRS.filter((d) => existsSync(join(root, d)))) {
  for (const f of readdirSync(join(root, top), { recursive: true, withFileTypes: true })) {
    if (!f.isFile() || !ASSETS.has(extname(f.name))) continue;
    const src = join(f.parentPath, f.name);
    if (/(^|\/)(fixtures|testing)(\/|$)/.test(relative(root, src))) continue;
    const out = join(dist, relative(root, src));
    mkdirSync(dirname(out), { recursive: true });
    copyFileSync(src, out);
    assets += 1;
  }
}
// What cli/bin.js compares with the sources' modification times in a checkout.
writeFileSync(join(dist, 'build.json'), `${JSON.stringify({ builtAt: new Date().toISOString(), newestSourceMs: newestSource(root) })}\n`);
process.stdout.write(`dist/ built in ${((Date.now() - t0) / 1000).toFixed(1)} s (${assets} data files copied)\n`);
