/**
 * The `unanswered` rule's Kibana link (the scope's queue) parses with Kibana's own grammar and
 * names fields of the mentions mapping, hostile watch names included (see kql.test.ts for the
 * other rules).
 */
import { describe, expect, it } from 'vitest';
import { backtestEngine, run } from '../../alerts/testing.ts';
import { mappedFields, mentionMappings } from '../../index/elasticsearch/templates.ts';
import { mention } from '../fixtures/alerts/make-mention.ts';
import { kqlLeaves, parseKql } from '../helpers/kibana-kql.ts';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const MIN = 60_000;

describe('unanswered KQL', () => {
  it("parses with Kibana's grammar and names mapped fields, hostile watch names included", () => {
    const names = ['Acme "Inc" \\ (x)', 'B:c* or d', 'Café Olé'];
    const { engine, clock } = backtestEngine([{ kind: 'unanswered', name: 'u', scope: { names }, after: '15m', minPriority: 0 }]);
    const ms = names.map((name) => ({ ...mention(T0, { brand: name, sentiment: -0.8 }), reply: { needed: true, reasons: ['complaint' as const] } }));
    run(engine, clock, ms, T0 + 20 * MIN);
    const fields = new Set(mappedFields(mentionMappings(false)).keys());
    const kqls = engine.openIncidents().map((i) => i.members[0]!.last.kql);
    expect(kqls).toHaveLength(3);
    for (const kql of kqls) {
      const leaves = kqlLeaves(parseKql(kql));
      expect(leaves.map((l) => String(l.field))).toEqual(['matches.name', 'reply.needed', 'response.answeredAt']);
      for (const l of leaves) expect(fields.has(String(l.field)), String(l.field)).toBe(true);
      expect(names).toContain(String(leaves[0]!.value));
    }
  });
});
