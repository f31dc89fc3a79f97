import type { RawMention } from '../../core/mention.ts';
import { pushBoundary, tokenize, type Tokens } from './tokenize.ts';

// The watch, entities and dedup enrichers all need the same tokens: cut each mention once.
// Weak keys: the cache lives exactly as long as the mention object the pipeline passes around.
const cache = new WeakMap<object, Tokens>();

/**
 * Tokens of a mention's title (if any) then text, separated by a boundary word. Cached per
 * mention object, so enrichers running on the same object share one tokenization. The result
 * must be treated as read-only.
 */
export function mentionTokens(m: Readonly<Pick<RawMention, 'title' | 'text'>>): Tokens {
  let t = cache.get(m);
  if (t === undefined) {
    t = m.title ? tokenize(m.title) : undefined;
    if (t) pushBoundary(t);
    t = tokenize(m.text, t);
    cache.set(m, t);
  }
  return t;
}
