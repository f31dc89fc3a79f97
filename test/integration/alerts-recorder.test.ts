/**
 * The `vigie-alerts` index on real Elasticsearch: each incident event is an event document, and
 * the incident is one document (one line per crisis in Kibana) that keeps its page count, first
 * page time and peak severity, and ignores an event recorded twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elasticsearchAlertRecorder } from '../../cli/alert-recorder.ts';
import type { Alert, RuleEvent } from '../../alerts/contracts.ts';
import { setupIndices } from '../../index/elasticsearch/setup.ts';
import { sampleAlert } from '../fixtures/alerts/sample-alert.ts';
import { deleteByPrefix } from '../helpers/es-cleanup.ts';
import { testClient, testPrefix } from './index-helpers.ts';

const client = testClient();
const prefix = testPrefix();

function member(rule: string, severity: RuleEvent['severity']): RuleEvent {
  const a = sampleAlert();
  return { rule, kind: 'keywords', scope: 'entry:Acme', severity, value: 1, firstAt: a.openedAt, lastAt: a.eventTime, active: true, reason: a.reason, evidence: a.evidence, kql: '' };
}

function event(seq: number, type: Alert['type'], severity: Alert['severity'], rules: RuleEvent[], minute: number): Alert {
  const t = new Date(Date.parse('2026-11-07T18:00:00Z') + minute * 60_000).toISOString();
  return sampleAlert({ id: `inc1:${seq}`, incidentId: 'inc1', episodeId: 'inc1', seq, type, severity, rules, rule: rules[0]!.rule, eventTime: t, openedAt: '2026-11-07T18:00:00.000Z' });
}

beforeAll(async () => {
  await setupIndices(client, { prefix });
});
afterAll(async () => {
  await deleteByPrefix(client, prefix);
  await client.close();
});

describe('alerts index: incidents and their events', () => {
  it('one incident document with its pages, first page and peak; events recorded again change nothing', async () => {
    const rec = elasticsearchAlertRecorder(client, prefix);
    const opened = event(0, 'opened', 'warning', [member('words', 'warning')], 0);
    const joined = event(1, 'updated', 'warning', [member('words', 'warning'), member('spike', 'warning')], 2);
    const crit = event(2, 'escalated', 'critical', [member('words', 'warning'), member('spike', 'critical'), member('neg', 'warning')], 6);
    const calmer = event(3, 'updated', 'warning', [member('words', 'warning'), member('spike', 'warning'), member('neg', 'warning')], 9);
    for (const a of [opened, joined, crit, crit, joined, calmer]) await rec.record(a);
    await client.indices.refresh({ index: `${prefix}-alerts` });
    const inc = (await client.get({ index: `${prefix}-alerts`, id: 'inc1' }))._source as Record<string, unknown>;
    expect(inc).toMatchObject({ record: 'incident', incidentId: 'inc1', status: 'open', state: 'updated', seq: 3, pages: 2, firstPageAt: opened.eventTime, severity: 'critical', rules: ['words', 'spike', 'neg'], ruleCount: 3, '@timestamp': '2026-11-07T18:00:00.000Z' });
    const events = await client.search({ index: `${prefix}-alerts`, query: { term: { record: 'event' } }, sort: [{ seq: 'asc' }] });
    expect(events.hits.hits.map((h) => h._id)).toEqual(['inc1:0', 'inc1:1', 'inc1:2', 'inc1:3']);
    // Kibana's one line per crisis: the saved search's query.
    const lines = await client.search({ index: `${prefix}-alerts`, q: 'record:incident' });
    expect((lines.hits.total as { value: number }).value).toBe(1);
    await rec.record(event(4, 'resolved', 'critical', calmer.rules, 30));
    const done = (await client.get({ index: `${prefix}-alerts`, id: 'inc1' }))._source as Record<string, unknown>;
    expect(done).toMatchObject({ status: 'resolved', resolvedAt: '2026-11-07T18:30:00.000Z', pages: 2, seq: 4 });
  });
});
