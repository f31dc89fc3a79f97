/**
 * The receivers' limits as their documentation states them, written out here rather than
 * imported from notify/limits.ts, so a wrong constant there fails the tests instead of agreeing
 * with them. Shared by the alert page and report delivery tests.
 */
import { expect } from 'vitest';
import { stringsOf } from '../../alerts/page.ts';

/** Every string of a JSON value. */
export { stringsOf };
import { hasLoneSurrogate } from '../../core/text/graphemes.ts';

/** A Slack Block Kit message respects every documented limit (characters, not bytes). */
export function expectSlackLimits(m: { text: string; blocks: any[] }): void {
  // https://api.slack.com/reference/block-kit/blocks: 50 blocks; header 150; section text 3000; fields 10 x 2000; context 10 elements.
  expect(m.blocks.length).toBeLessThanOrEqual(50);
  // https://api.slack.com/changelog/2018-04-truncating-really-long-messages
  expect(m.text.length).toBeLessThanOrEqual(40_000);
  let total = 0;
  for (const b of m.blocks) {
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(150);
    if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    if (b.fields) {
      expect(b.fields.length).toBeLessThanOrEqual(10);
      for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(2000);
    }
    if (b.type === 'context') {
      expect(b.elements.length).toBeLessThanOrEqual(10);
      for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(3000);
    }
    // https://api.slack.com/reference/block-kit/block-elements#button: text 75, url 3000.
    if (b.type === 'actions') for (const e of b.elements) { expect(e.text.text.length).toBeLessThanOrEqual(75); expect(e.url.length).toBeLessThanOrEqual(3000); }
    total += stringsOf(b).reduce((n, s) => n + s.length, 0);
  }
  // msg_blocks_too_long past ~13,000 characters (slackapi/bolt-js#2509).
  expect(total).toBeLessThanOrEqual(13_000);
  expectWholeCharacters(m);
}

/** No string of a payload holds half a character (a lone surrogate), which no receiver renders. */
export function expectWholeCharacters(payload: unknown): void {
  for (const s of stringsOf(payload)) expect(hasLoneSurrogate(s), JSON.stringify(s.slice(-20))).toBe(false);
}
