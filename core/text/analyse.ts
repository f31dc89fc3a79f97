import type { RawMention } from '../mention.ts';
import { pushBoundary, tokenize, type Tokens } from './tokenize.ts';

// The watch, entities and dedup enrichers all need the same tokens, and the pipeline runs them
// one after the other on the same mention object: remembering the last few mentions is enough to
// cut each one once. (A WeakMap would do the same but costs far more in garbage collection.)
const SLOTS = 4;
const keys: Array<Readonly<Pick<RawMention, 'title' | 'text'>> | undefined> = new Array(SLOTS).fill(undefined);
const texts: Array<string | undefined> = new Array(SLOTS).fill(undefined);
const titles: Array<string | undefined> = new Array(SLOTS).fill(undefined);
const values: Array<Tokens | undefined> = new Array(SLOTS).fill(undefined);
let next = 0;

/**
 * Tokens of a mention's title (if any) then text, separated by a boundary word. The last few
 * results are remembered by mention object (and text), so enrichers running on the same mention
 * share one tokenization. The result must be treated as read-only.
 */
export function mentionTokens(m: Readonly<Pick<RawMention, 'title' | 'text'>>): Tokens {
  for (let i = 0; i < SLOTS; i++) {
    if (keys[i] === m && texts[i] === m.text && titles[i] === m.title) return values[i]!;
  }
  let t = m.title ? tokenize(m.title) : undefined;
  if (t) pushBoundary(t);
  t = tokenize(m.text, t);
  keys[next] = m;
  texts[next] = m.text;
  titles[next] = m.title;
  values[next] = t;
  next = (next + 1) % SLOTS;
  return t;
}
