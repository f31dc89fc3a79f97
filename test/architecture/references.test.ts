import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
const texts = tracked.filter((f) => /\.(md|ts|mjs|js|json|ya?ml|sh)$/.test(f) && !f.startsWith('test/fixtures/') && existsSync(join(ROOT, f)));

describe('the repository stands alone', () => {
  it('cites no design document that is not in it', () => {
    const self = 'test/architecture/references.test.ts';
    const hits = texts.filter((f) => f !== self && /\b(DESIGN|STYLE)\.md\b/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(hits).toEqual([]);
  });

  it('has no Markdown link to a file that does not exist', () => {
    const broken: string[] = [];
    for (const f of texts.filter((t) => t.endsWith('.md'))) {
      for (const m of readFileSync(join(ROOT, f), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!.split('#')[0]!;
        if (!target || /^[a-z]+:/i.test(target)) continue;
        if (!existsSync(join(ROOT, dirname(f), decodeURIComponent(target)))) broken.push(`${f}: ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
