import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../test/helpers/services.ts';
import { isAlive, spawnDetached } from './process.ts';
import { startReaper } from './reaper.ts';

describe('startReaper', () => {
  it('stops the stack and removes its dir when the watched process dies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-stack-reaper-'));
    try {
      const server = spawnDetached('sh', ['-c', 'sleep 60 & wait'], join(dir, 'server.out'));
      writeFileSync(join(dir, 'stack.json'), JSON.stringify({ kafka: { pid: server } }));
      const watched = spawn('sleep', ['0.5']);
      startReaper(dir, watched.pid!, true);
      await waitFor(() => !isAlive(server), 10_000, 'the reaper to stop the server');
      await waitFor(() => !existsSync(dir), 5_000, 'the reaper to remove the dir');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
