import { Parser, type Handler, type ParserOptions } from 'htmlparser2';

/**
 * Most elements open at once. htmlparser2 spends time in proportion to its open-element stack
 * at each tag (and at each unmatched closing tag): 20 000 nested tags took seconds, 100 000
 * twenty. Real pages nest far less.
 */
export const MAX_HTML_DEPTH = 256;

/** Thrown from the handler to restart the parser; never leaves this module. */
const TOO_DEEP = Symbol('too deep');

/**
 * Streams HTML through `handler` in time linear in its length, whatever its nesting. When more
 * than `maxDepth` elements are open, the rest is read by a fresh parser whose stack starts
 * empty: the closing tags of the abandoned elements are then ignored, and no text is lost.
 */
export function parseShallow(html: string, handler: Partial<Handler>, options: ParserOptions, maxDepth = MAX_HTML_DEPTH): void {
  let depth = 0;
  const counted: Partial<Handler> = {
    ...handler,
    onopentag(name, attribs, isImplied) {
      if (++depth > maxDepth) throw TOO_DEEP;
      handler.onopentag?.(name, attribs, isImplied);
    },
    onclosetag(name, isImplied) {
      depth--;
      handler.onclosetag?.(name, isImplied);
    },
  };
  for (let rest = html; ; ) {
    depth = 0;
    const parser = new Parser(counted, options);
    try {
      parser.write(rest);
      parser.end();
      return;
    } catch (e) {
      if (e !== TOO_DEEP) throw e;
      // From the tag that was one too deep: the new parser sees it (a <script> stays a script).
      rest = rest.slice(parser.startIndex);
    }
  }
}
