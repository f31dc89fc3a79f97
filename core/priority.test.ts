import { describe, expect, it } from 'vitest';
import { priorityOf } from './priority.ts';

const now = Date.parse('2026-03-01T12:00:00Z');
const m = (over: Partial<Parameters<typeof priorityOf>[0]>) => ({ publishedAt: '2026-03-01T12:00:00Z', sentiment: { score: 0 }, ...over });

describe('priority', () => {
  it('is 0 for a fresh, neutral mention by nobody, 100 for an influential furious one waiting two hours', () => {
    expect(priorityOf(m({}), now)).toBe(0);
    expect(priorityOf(m({ publishedAt: '2026-03-01T10:00:00Z', sentiment: { score: -1 }, influence: { score: 100, reach: 1e6 } }), now)).toBe(100);
  });
  it('grows with influence, negativity, reach and waiting time, each on its own', () => {
    const p0 = priorityOf(m({}), now);
    expect(priorityOf(m({ influence: { score: 60, reach: 0 } }), now)).toBeGreaterThan(p0);
    expect(priorityOf(m({ sentiment: { score: -0.6 } }), now)).toBeGreaterThan(p0);
    expect(priorityOf(m({ influence: { score: 0, reach: 5000 } }), now)).toBeGreaterThan(p0);
    expect(priorityOf(m({ publishedAt: '2026-03-01T11:30:00Z' }), now)).toBeGreaterThan(p0);
    expect(priorityOf(m({ reply: { reasons: ['complaint'] } }), now)).toBeGreaterThan(p0);
  });
  it('an influential critic outranks an anonymous question of the same age', () => {
    const critic = priorityOf(m({ sentiment: { score: -0.7 }, influence: { score: 70, reach: 40_000 }, reply: { reasons: ['complaint'] } }), now);
    const question = priorityOf(m({ sentiment: { score: 0 }, influence: { score: 5, reach: 30 }, reply: { reasons: ['question'] } }), now);
    expect(critic).toBeGreaterThan(question);
  });
});
