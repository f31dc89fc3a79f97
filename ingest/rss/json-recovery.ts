type Json = Record<string, unknown>;

/** What could be read from a JSON Feed cut off (or broken) after some of its items. */
export interface RecoveredJson {
  /** The root object with every complete item (and the keys written before `items`). */
  root: Json;
  /** The item being written where the document stops, closed where it was cut, if it parses. */
  partial?: Json;
  /** The key whose string value was cut (`content_html`...), when the cut fell inside one. */
  cutKey?: string;
}

const CLOSE: Record<string, string> = { '{': '}', '[': ']' };

/** Closes what is open: a string, a dangling key or comma, then every container. */
function close(text: string, inString: boolean, open: string[]): unknown {
  const closers = open.map((c) => CLOSE[c]).reverse().join('');
  const body = inString ? `${text}"` : text;
  for (const candidate of [body, body.replace(/,\s*"(?:[^"\\]|\\.)*"\s*:?\s*$/, ''), body.replace(/,\s*$/, ''), body.replace(/"(?:[^"\\]|\\.)*"\s*:\s*$/, '').replace(/,\s*$/, '')]) {
    try {
      return JSON.parse(candidate + closers);
    } catch {
      // try the next way of closing it
    }
  }
  return undefined;
}

/**
 * Reads a JSON Feed whose text stops early (a cut download, a full disk on the server): scans
 * it once, remembers where each item of the root's `items` array ended, and rebuilds the
 * document up to the last complete item. Undefined when no `items` array was reached.
 */
export function recoverJsonFeed(text: string): RecoveredJson | undefined {
  const stack: Array<{ c: string; key?: string; start: number }> = [];
  let inString = false;
  let escaped = false;
  let stringStart = 0;
  let stringIsValue = false;
  let lastString = '';
  let itemsLevel = -1;
  let lastItemEnd = -1;
  let prevSignificant = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') {
        inString = false;
        lastString = text.slice(stringStart + 1, i);
        prevSignificant = '"';
      }
      continue;
    }
    if (/\s/.test(ch)) continue;
    if (ch === '"') {
      inString = true;
      stringStart = i;
      stringIsValue = prevSignificant === ':' || prevSignificant === '[';
    } else if (ch === ':') {
      if (stack.at(-1)?.c === '{') stack.at(-1)!.key = lastString;
    } else if (ch === '{' || ch === '[') {
      if (ch === '[' && stack.length === 1 && stack[0]!.key === 'items' && itemsLevel < 0) itemsLevel = 2;
      stack.push({ c: ch, start: i });
    } else if (ch === '}' || ch === ']') {
      if (stack.pop()?.c !== (ch === '}' ? '{' : '[')) return undefined;
      if (stack.length === itemsLevel && ch === '}') lastItemEnd = i + 1;
      if (itemsLevel > 0 && stack.length < itemsLevel) return undefined; // the array closed: not a cut inside it
    }
    prevSignificant = ch;
  }
  if (itemsLevel < 0 || stack.length < itemsLevel) return undefined;
  const itemsStart = stack[itemsLevel - 1]!.start;
  const head = lastItemEnd > 0 ? text.slice(0, lastItemEnd) : text.slice(0, itemsStart + 1);
  const root = close(head, false, ['{', '[']) as Json | undefined;
  if (!root) return undefined;
  if (stack.length === itemsLevel) return { root };
  const inItem = stack.slice(itemsLevel);
  const partial = close(text.slice(inItem[0]!.start), inString, inItem.map((s) => s.c));
  const cutKey = inString && stringIsValue && stack.at(-1)?.c === '{' ? stack.at(-1)!.key : undefined;
  return partial && typeof partial === 'object' && !Array.isArray(partial) ? { root, partial: partial as Json, ...(cutKey ? { cutKey } : {}) } : { root };
}
