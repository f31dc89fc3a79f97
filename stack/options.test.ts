import { describe, expect, it } from 'vitest';
import { VigieError } from '../core/errors.ts';
import { defaultCacheDir, resolveStackOptions } from './options.ts';

describe('resolveStackOptions', () => {
  it('fills defaults and derives the secondary ports', () => {
    const o = resolveStackOptions({ cacheDir: '/c' }, {});
    expect(o).toMatchObject({ dir: '/c/run', cacheDir: '/c', kafkaVersion: '3.9.1', esVersion: '8.19.7', kafkaPort: 9092, kafkaControllerPort: 9093, esPort: 9200, esTransportPort: 9300, kafkaHeapMb: 512, esHeapMb: 512, esUser: 'vigie-es' });
    const p = resolveStackOptions({ cacheDir: '/c', kafkaPort: 29092, esPort: 29200 }, {});
    expect([p.kafkaControllerPort, p.esTransportPort]).toEqual([29093, 29300]);
  });

  it('takes the cache from VIGIE_STACK_CACHE', () => {
    expect(defaultCacheDir({ VIGIE_STACK_CACHE: '/var/cache/x' })).toBe('/var/cache/x');
    expect(resolveStackOptions({}, { VIGIE_STACK_CACHE: '/var/cache/x' }).dir).toBe('/var/cache/x/run');
    expect(defaultCacheDir({})).toMatch(/\.cache\/vigie\/stack$/);
  });

  it('reports every bad option at once', () => {
    let err: unknown;
    try {
      resolveStackOptions({ cacheDir: '/c', kafkaPort: Number.NaN, esPort: 70000, esTransportPort: 9092, kafkaControllerPort: 9093, kafkaVersion: 'latest', esHeapMb: 4096, esPassword: 'abc', esUser: 'Root!' }, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VigieError);
    const e = err as VigieError;
    expect(e.code).toBe('ERR_STACK_BAD_OPTION');
    expect(e.details?.problems).toEqual([
      'kafkaPort: must be an integer port 1-65535, got NaN',
      'esPort: must be an integer port 1-65535, got 70000',
      'kafkaVersion: must look like 1.2.3, got "latest"',
      'esHeapMb: must be an integer between 128 and 1024 MiB, got 4096',
      'esPassword: must have at least 6 characters',
      'esUser: not a valid user name: "Root!"',
    ]);
  });

  it('rejects two services on one port', () => {
    expect(() => resolveStackOptions({ cacheDir: '/c', kafkaPort: 9200 }, {})).toThrow('esPort: port 9200 is already used by kafkaPort');
  });
});
