import { describe, expect, it } from 'vitest';
import { hasLoneSurrogate } from '../core/text/graphemes.ts';
import { mention } from '../test/fixtures/alerts/make-mention.ts';
import { sampleOf } from './window.ts';

describe('sampleOf', () => {
  it('cuts long texts and titles between graphemes, never inside an emoji', () => {
    const m = { ...mention('2026-01-05T12:00:00Z'), text: `${'a'.repeat(278)}🎉🎉🎉`, title: `${'b'.repeat(198)}👩‍👩‍👧‍👦 titre` };
    const s = sampleOf(m);
    expect(s.text).toBe(`${'a'.repeat(278)}…`);
    expect(s.title).toBe(`${'b'.repeat(198)}…`);
    expect(hasLoneSurrogate(s.text) || hasLoneSurrogate(s.title!)).toBe(false);
    expect(sampleOf({ ...m, text: 'court' }).text).toBe('court');
  });
});
