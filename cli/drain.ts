import { sleep } from '../core/retry.ts';
import { VigieError } from '../core/errors.ts';
import { groupId, type Runtime } from './runtime.ts';

/**
 * Waits until the enrich and index consumer groups have committed everything in their input
 * topics (lag 0 on two checks in a row), i.e. every mention published so far is in
 * Elasticsearch or dead-lettered. `also` adds groups that must catch up too (the alert stage
 * and its deliveries).
 */
export async function waitDrained(rt: Runtime, timeoutMs: number, also: ReadonlyArray<{ group: string; topic: string }> = []): Promise<void> {
  const t = rt.config.kafka.topics;
  const end = Date.now() + timeoutMs;
  let zeros = 0;
  let last = { raw: -1, enriched: -1, other: -1 };
  while (Date.now() < end) {
    last = {
      raw: await rt.bus.lag(groupId(rt.config, 'enrich'), t.raw),
      enriched: await rt.bus.lag(groupId(rt.config, 'index'), t.enriched),
      other: 0,
    };
    for (const a of also) last.other += await rt.bus.lag(a.group, a.topic);
    zeros = last.raw === 0 && last.enriched === 0 && last.other === 0 ? zeros + 1 : 0;
    if (zeros >= 2) return;
    await sleep(500);
  }
  throw new VigieError('ERR_DEMO_TIMEOUT', `stages did not drain within ${timeoutMs} ms (lag: raw ${last.raw}, enriched ${last.enriched}, other groups ${last.other})`);
}
