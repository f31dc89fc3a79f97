import { describe, expect, it } from 'vitest';
import { VigieError } from '../../core/errors.ts';
import { startWithRetry } from './global-setup.ts';

/** A start that fails with the given errors in turn, then succeeds; counts its calls. */
function starts(...failures: Error[]) {
  let calls = 0;
  const start = async () => {
    const f = failures[calls++];
    if (f) throw f;
    return 'up';
  };
  return { start, calls: () => calls };
}

describe('local stack start: one retry', () => {
  it('a first failure is printed and the second try is used', async () => {
    const s = starts(new VigieError('ERR_STACK_START_FAILED', 'kafka-storage exited with code 1'));
    const logged: string[] = [];
    await expect(startWithRetry(s.start, (m) => logged.push(m))).resolves.toBe('up');
    expect(s.calls()).toBe(2);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('ERR_STACK_START_FAILED: kafka-storage exited with code 1');
  });

  it('two failures: the error carries both reasons', async () => {
    const s = starts(new VigieError('ERR_STACK_START_FAILED', 'first reason'), new Error('second reason'));
    const e = (await startWithRetry(s.start, () => undefined).catch((x: unknown) => x)) as Error;
    expect(s.calls()).toBe(2);
    expect(e.message).toMatch(/first try: ERR_STACK_START_FAILED: first reason\n.*second try: second reason/);
  });

  it('no retry when the machine lacks something a retry cannot bring', async () => {
    const s = starts(new VigieError('ERR_STACK_NO_JAVA', 'no Java 17+'));
    const logged: string[] = [];
    await expect(startWithRetry(s.start, (m) => logged.push(m))).rejects.toMatchObject({ code: 'ERR_STACK_NO_JAVA' });
    expect(s.calls()).toBe(1);
    expect(logged).toEqual([]);
  });

  it('a start that works the first time runs once', async () => {
    const s = starts();
    await expect(startWithRetry(s.start, () => undefined)).resolves.toBe('up');
    expect(s.calls()).toBe(1);
  });
});
