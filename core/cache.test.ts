import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureCached, isCached } from './cache.ts';

const root = mkdtempSync(join(tmpdir(), 'vigie-stack-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ensureCached', () => {
  it('builds once, world-readable, then reuses', async () => {
    const dir = join(root, 'kafka-1.0.0');
    let builds = 0;
    const build = async (tmp: string) => {
      builds++;
      writeFileSync(join(tmp, 'a.jar'), 'x');
    };
    expect(await ensureCached(dir, build)).toBe(true);
    expect(await ensureCached(dir, build)).toBe(false);
    expect(builds).toBe(1);
    expect(readFileSync(join(dir, 'a.jar'), 'utf8')).toBe('x');
    expect(statSync(dir).mode & 0o777).toBe(0o755);
  });

  it('leaves nothing behind when the build fails', async () => {
    const dir = join(root, 'es-9.9.9');
    await expect(ensureCached(dir, async () => {
      throw new Error('no such version');
    })).rejects.toThrow('no such version');
    expect(existsSync(dir)).toBe(false);
    expect(isCached(dir)).toBe(false);
    expect(readdirSync(root).filter((n) => n.startsWith('es-9.9.9'))).toEqual([]);
  });
});
