import { readFileSync } from 'node:fs';

/**
 * Vigie's version, from its package.json: two folders up from here in a checkout
 * (core/version.ts), three in the compiled build (dist/core/version.js).
 */
function readVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const p = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (p.name === 'vigie' && p.version) return p.version;
    } catch {
      // Not this one: try the next.
    }
  }
  return '0.0.0';
}

export const VERSION = readVersion();
