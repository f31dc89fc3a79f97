import { describe, it, expect } from 'vitest';
import { retry, backoffDelay } from './retry.ts';
import { VigieError } from './errors.ts';

describe('retry', () => {
  const noSleep = async () => {};
  it('retries retriable errors then succeeds', async () => {
    let n = 0;
    const r = await retry(async () => { if (++n < 3) throw new VigieError('ERR_FETCH_NETWORK', 'x', { retriable: true }); return n; }, { sleep: noSleep });
    expect(r).toBe(3);
  });
  it('never retries a non-retriable error', async () => {
    let n = 0;
    await expect(retry(async () => { n++; throw new VigieError('ERR_INTERNAL', 'bug'); }, { sleep: noSleep })).rejects.toThrow('bug');
    expect(n).toBe(1);
  });
  it('honours Retry-After when longer than the backoff', () => {
    expect(backoffDelay(0, 100, 1000, () => 0.5, 5000)).toBe(5000);
    expect(backoffDelay(10, 100, 1000, () => 1, undefined)).toBe(1000);
  });
  it('stops at the deadline', async () => {
    let n = 0;
    let t = 0;
    const delays: number[] = [];
    await expect(retry(async () => { n++; throw new VigieError('ERR_FETCH_NETWORK', 'down', { retriable: true }); }, {
      retries: Infinity, baseMs: 100, now: () => t, deadline: 1000, random: () => 1, sleep: async (ms) => { delays.push(ms); t += ms; },
    })).rejects.toThrow('down');
    expect(delays).toEqual([100, 200, 400]);
    expect(n).toBe(4);
  });
});
