#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';

// The compiled build (npm run build, shipped in the package) starts without compiling anything.
// In a checkout, dist/ runs only while no source is newer than it: an edited source runs through
// tsx rather than a stale build. VIGIE_FROM_SOURCE=1 forces the sources.
const compiled = new URL('../dist/cli/main.js', import.meta.url);
const checkout = existsSync(new URL('./main.ts', import.meta.url));

async function fresh() {
  if (!checkout) return true;
  try {
    const { newestSourceMs } = JSON.parse(readFileSync(new URL('../dist/build.json', import.meta.url), 'utf8'));
    const { newestSource } = await import('./build-info.js');
    return newestSource(new URL('..', import.meta.url).pathname) <= newestSourceMs;
  } catch {
    return false;
  }
}

if (process.env.VIGIE_FROM_SOURCE !== '1' && existsSync(compiled) && (await fresh())) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
