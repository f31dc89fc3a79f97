import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freePorts } from '../../stack/index.ts';
import { command } from './stack.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigie-stack-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

describe('vigie stack', () => {
  it('exits 2 on a missing or unknown action', async () => {
    expect(await command.run([])).toBe(2);
    expect(err).toContain('expected one of up, down, status; got nothing');
    expect(await command.run(['start'])).toBe(2);
    expect(err).toContain('got "start"');
  });

  it('exits 2 on an unknown flag', async () => {
    expect(await command.run(['up', '--kafka-prot', '1'])).toBe(2);
    expect(err).toMatch(/Unknown option '--kafka-prot'/);
  });

  it('exits 2 naming every bad port at once', async () => {
    expect(await command.run(['up', '--dir', dir, '--kafka-port', 'abc', '--es-port', '70000'])).toBe(2);
    expect(err).toContain('ERR_STACK_BAD_OPTION');
    expect(err).toContain('kafkaPort: must be an integer port 1-65535, got NaN');
    expect(err).toContain('esPort: must be an integer port 1-65535, got 70000');
  });

  it('status of a stack that was never started: both down, exit 1', async () => {
    const [kafkaPort, esPort] = await freePorts(2);
    expect(await command.run(['status', '--dir', dir, '--kafka-port', String(kafkaPort), '--es-port', String(esPort), '--json'])).toBe(1);
    const st = JSON.parse(out) as { kafka: { running: boolean; address: string }; elasticsearch: { running: boolean; address: string } };
    expect(st.kafka).toMatchObject({ running: false, address: `127.0.0.1:${kafkaPort}` });
    expect(st.elasticsearch).toMatchObject({ running: false, address: `http://127.0.0.1:${esPort}` });
  });

  it('down of a stack that was never started says so, exit 0', async () => {
    expect(await command.run(['down', '--dir', dir])).toBe(0);
    expect(out).toBe(`stack was not running (${dir})\n`);
  });
});
