import { describe, expect, it } from 'vitest';
import { kafkaSchema, resolveEnvRefs, type ConfigProblem } from './config.ts';

describe('config helpers', () => {
  it('splits comma-separated brokers, as KAFKA_BROKERS gives them', () => {
    expect(kafkaSchema.parse({ brokers: ['a:1,b:2', 'c:3'] }).brokers).toEqual(['a:1', 'b:2', 'c:3']);
    expect(kafkaSchema.parse({ brokers: 'a:1' }).brokers).toEqual(['a:1']);
    expect(kafkaSchema.safeParse({ brokers: ['nohost'] }).success).toBe(false);
  });
  it('resolves ${ENV} references and reports missing ones with their path', () => {
    const problems: ConfigProblem[] = [];
    const out = resolveEnvRefs({ a: ['x-${HOME_X}', '${MISSING}', '${MISSING:-dflt}'] }, { HOME_X: 'h' }, problems);
    expect(out).toEqual({ a: ['x-h', '', 'dflt'] });
    expect(problems).toEqual([{ path: 'a[1]', message: expect.stringContaining('MISSING is not set') }]);
  });
});
