import { parseShallow } from './parse-shallow.ts';

export { MAX_HTML_DEPTH } from './parse-shallow.ts';

/** Elements whose content is never text a person reads. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'head', 'svg', 'math', 'object', 'select', 'canvas', 'audio', 'video']);

/** Elements that start a new line; any other tag is inline and adds no space of its own. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup',
  'hr', 'html', 'legend', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td',
  'tfoot', 'th', 'thead', 'tr', 'ul', 'br', 'option', 'center', 'map',
]);

/** Cells and list items are separated by a space rather than a line, so rows read naturally. */
const CELLS = new Set(['td', 'th']);

export interface HtmlToTextOptions {
  /** Longest text returned, in characters; cut at a word boundary with an ellipsis. Default 100 000. */
  maxLength?: number;
  /** Join everything on one line (titles, author names). */
  singleLine?: boolean;
}

/**
 * Turns an HTML fragment (or plain text with entities) into clean plain text: scripts, styles
 * and embedded frames are dropped with their content; block elements and `<br>` become line
 * breaks so that words never run together ("<p>a</p><p>b</p>" gives "a\nb"); entities are
 * decoded; whitespace is collapsed. Shared by every connector.
 */
export function htmlToText(html: string, opts: HtmlToTextOptions = {}): string {
  const maxLength = opts.maxLength ?? 100_000;
  const parts: string[] = [];
  let skipDepth = 0;
  parseShallow(
    html,
    {
      onopentag(name) {
        if (SKIPPED.has(name)) skipDepth++;
        else if (skipDepth === 0) {
          if (CELLS.has(name)) parts.push(' ');
          else if (BLOCKS.has(name)) parts.push('\n');
        }
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (skipDepth === 0) {
          if (CELLS.has(name)) parts.push(' ');
          else if (BLOCKS.has(name)) parts.push('\n');
        }
      },
      ontext(text) {
        if (skipDepth === 0) parts.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  return finish(parts.join(''), maxLength, opts.singleLine ?? false);
}

/** Collapses whitespace (keeping single line breaks unless `singleLine`), then caps the length. */
function finish(raw: string, maxLength: number, singleLine: boolean): string {
  // NBSP and other Unicode spaces count as spaces; zero-width and control characters go.
  let s = raw
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000 ]+/g, ' ')
    .replace(/\r\n?|\u2028|\u2029/g, '\n')
    .replace(/ *\n[\n ]*/g, '\n')
    .trim();
  if (singleLine) s = s.replace(/\n/g, ' ');
  if (s.length <= maxLength) return s;
  const cut = s.slice(0, Math.max(0, maxLength - 1));
  const space = cut.search(/\s\S*$/);
  return `${(space > maxLength * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
