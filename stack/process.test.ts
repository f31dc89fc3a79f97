import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../test/helpers/services.ts';
import { assertPortFree, freePorts, isAlive, portIsFree, readPid, spawnDetached, stopGroup, tailFile } from './process.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigie-stack-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('isAlive / readPid', () => {
  it('tells live processes from gone ones, and checks the command line', async () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(process.pid, 'no-such-marker-xyz')).toBe(false);
    expect(isAlive(undefined)).toBe(false);
    const child = spawn('true');
    const pid = child.pid!;
    await new Promise((r) => child.once('exit', r));
    expect(isAlive(pid)).toBe(false);
  });

  it('reads pid files and ignores junk', () => {
    writeFileSync(join(dir, 'ok.pid'), '1234\n');
    writeFileSync(join(dir, 'bad.pid'), 'abc');
    expect(readPid(join(dir, 'ok.pid'))).toBe(1234);
    expect(readPid(join(dir, 'bad.pid'))).toBeUndefined();
    expect(readPid(join(dir, 'missing.pid'))).toBeUndefined();
  });
});

describe('spawnDetached / stopGroup', () => {
  it('stops a well-behaved group with SIGTERM', async () => {
    const log = join(dir, 'a.log');
    const pid = spawnDetached('sh', ['-c', 'echo started; sleep 30 & wait'], log);
    // Right after spawn the child may not have exec'd yet: wait for it to say so.
    await waitFor(() => tailFile(log) === 'started', 10_000, 'the child to start');
    expect(isAlive(pid, 'sleep 30')).toBe(true);
    expect(await stopGroup(pid, [pid], 5_000)).toBe(false);
    expect(isAlive(pid)).toBe(false);
    expect(tailFile(log)).toBe('started');
  });

  it('kills a group that ignores SIGTERM once the timeout passes', async () => {
    const log = join(dir, 'b.log');
    const pid = spawnDetached('sh', ['-c', 'trap "" TERM; echo trapped; while true; do sleep 0.1; done'], log);
    // SIGTERM before the trap is set would end it normally: wait until the trap is in place.
    await waitFor(() => tailFile(log) === 'trapped', 10_000, 'the child to ignore SIGTERM');
    const t0 = Date.now();
    expect(await stopGroup(pid, [pid], 300)).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(isAlive(pid)).toBe(false);
  });

  it('does nothing for a group that is already gone', async () => {
    const child = spawn('true');
    await new Promise((r) => child.once('exit', r));
    expect(await stopGroup(child.pid!, [child.pid!], 100)).toBe(false);
  });
});

describe('ports', () => {
  it('finds distinct free ports and sees a taken one', async () => {
    const ports = await freePorts(4);
    expect(new Set(ports).size).toBe(4);
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(ports[0], '127.0.0.1', r));
    try {
      expect(await portIsFree(ports[0]!)).toBe(false);
      expect(await portIsFree(ports[1]!)).toBe(true);
      await expect(assertPortFree(ports[0]!, 'Kafka', '--kafka-port')).rejects.toMatchObject({
        code: 'ERR_STACK_PORT_IN_USE',
        message: `Kafka port 127.0.0.1:${ports[0]} is already in use; stop what listens there or choose another port with --kafka-port`,
      });
    } finally {
      await new Promise((r) => srv.close(r));
    }
  });
});

describe('tailFile', () => {
  it('keeps the last non-empty lines', () => {
    const f = join(dir, 't.log');
    writeFileSync(f, Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n') + '\n\n');
    expect(tailFile(f, 3)).toBe('line 47\nline 48\nline 49');
    expect(tailFile(join(dir, 'none.log'))).toBe('');
  });
});
