/**
 * Channel outcomes on the alert record, in real Elasticsearch: the `channels.outcome` column of
 * the shipped alerts saved search shows what each channel did with the page, whichever of the
 * event record and the delivery outcome is written first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelOutcome } from '../../alerts/contracts.ts';
import { elasticsearchAlertRecorder } from '../../cli/alert-recorder.ts';
import { setupIndices } from '../../index/elasticsearch/setup.ts';
import { buildSavedObjects } from '../../index/kibana/saved-objects.ts';
import { sampleAlert } from '../fixtures/alerts/sample-alert.ts';
import { deleteByPrefix } from '../helpers/es-cleanup.ts';
import { testClient, testPrefix } from './index-helpers.ts';

const client = testClient();
const prefix = testPrefix();
const at = '2026-01-05T15:03:01.000Z';
const outcome = (name: string, o: Partial<ChannelOutcome> = {}): ChannelOutcome => ({ name, kind: 'slack', outcome: 'delivered', attempts: 1, sentAt: at, ...o });

beforeAll(async () => {
  await setupIndices(client, { prefix, retentionMs: 30 * 86_400_000 });
});
afterAll(async () => {
  await deleteByPrefix(client, prefix);
});

describe('alert records carry each channel outcome', () => {
  const rec = elasticsearchAlertRecorder(client, prefix);

  it('event first, then outcomes; a redelivery replaces its channel entry', async () => {
    const a = sampleAlert({ id: 'ep1:0' });
    await rec.record(a);
    await rec.recordOutcome!(a.id, outcome('slack-oncall', { outcome: 'delivered_minimal', status: 400 }));
    await rec.recordOutcome!(a.id, outcome('pd', { kind: 'pagerduty' }));
    await rec.recordOutcome!(a.id, outcome('pd', { kind: 'pagerduty', attempts: 3 }));
    const doc = (await client.get({ index: `${prefix}-alerts`, id: a.id }))._source as any;
    expect(doc.state).toBe('opened');
    expect(doc.channels).toEqual([
      { name: 'slack-oncall', kind: 'slack', outcome: 'delivered_minimal', status: 400, attempts: 1, sentAt: at },
      { name: 'pd', kind: 'pagerduty', outcome: 'delivered', attempts: 3, sentAt: at },
    ]);
  });

  it('outcome first (delivery beat the record): the record keeps it', async () => {
    const a = sampleAlert({ id: 'ep2:0', episodeId: 'ep2' });
    await rec.recordOutcome!(a.id, outcome('hook', { kind: 'webhook', outcome: 'dead_letter', error: 'ERR_ALERT_CHANNEL_REJECTED: HTTP 400' }));
    await rec.record(a);
    const doc = (await client.get({ index: `${prefix}-alerts`, id: a.id }))._source as any;
    expect(doc.rule).toBe('brand-spike');
    expect(doc.channels).toEqual([{ name: 'hook', kind: 'webhook', outcome: 'dead_letter', error: 'ERR_ALERT_CHANNEL_REJECTED: HTTP 400', attempts: 1, sentAt: at }]);
  });

  it('the incident events saved search column (outcomes are per event) is a searchable field holding the outcomes', async () => {
    const search = buildSavedObjects(prefix).find((o) => o.id === `${prefix}-alert-events`)!;
    expect(search.attributes.columns).toContain('channels.outcome');
    await client.indices.refresh({ index: `${prefix}-alerts` });
    const r = await client.search({ index: `${prefix}-alerts`, query: { term: { 'channels.outcome': 'delivered_minimal' } } });
    expect(r.hits.hits.map((h) => h._id)).toEqual(['ep1:0']);
    const dead = await client.search({ index: `${prefix}-alerts`, query: { term: { 'channels.outcome': 'dead_letter' } } });
    expect(dead.hits.hits.map((h) => h._id)).toEqual(['ep2:0']);
  });
});
