import { tokenize } from '../../core/text/tokenize.ts';
import { foldText } from '../../core/text/fold.ts';
import { lex, QuerySyntaxError, type Lexeme } from './lexer.ts';

export { QuerySyntaxError } from './lexer.ts';

export type WatchField = 'lang' | 'source' | 'author' | 'site';

/** A parsed watch query. Words, phrases, tags and field values are already folded. */
export type QueryNode =
  | { kind: 'word'; word: string }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'phrase'; words: string[] }
  | { kind: 'hashtag'; tag: string; prefix: boolean }
  | { kind: 'handle'; handle: string }
  | { kind: 'field'; field: WatchField; value: string }
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode }
  | { kind: 'near'; distance: number; left: QueryNode; right: QueryNode };

const MAX_DEPTH = 64;
const MAX_LENGTH = 10_000;
const MIN_PREFIX = 2;
const HASHTAG = /^[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*$/u;
const HANDLE = /^[\p{L}\p{N}_]+(?:[.-][\p{L}\p{N}_]+)*(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?$/u;
const LANG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/;
const DOMAIN = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*$/u;

/** Normalises a `site:` value: `https://www.Example.com/x` → `example.com`. */
export function normaliseSite(v: string): string {
  return v
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#:].*$/, '')
    .replace(/\.$/, '')
    .replace(/^www\./, '');
}

function fieldNode(lx: Extract<Lexeme, { type: 'field' }>): QueryNode {
  const { field, col } = lx;
  const raw = lx.value.trim();
  if (!['lang', 'source', 'author', 'site'].includes(field)) {
    throw new QuerySyntaxError(`unknown field '${field}:' (fields are lang:, source:, author:, site:; put the text in quotes to search for it)`, col);
  }
  if (raw === '') throw new QuerySyntaxError(`'${field}:' needs a value`, col);
  let value: string;
  if (field === 'lang') {
    value = raw.toLowerCase();
    if (!LANG.test(value)) throw new QuerySyntaxError(`lang: expects a language code such as fr or en, got '${raw}'`, col);
  } else if (field === 'site') {
    value = normaliseSite(raw);
    if (!DOMAIN.test(value)) throw new QuerySyntaxError(`site: expects a domain such as example.com, got '${raw}'`, col);
  } else {
    value = foldText(field === 'author' ? raw.replace(/^@/, '') : raw);
  }
  return { kind: 'field', field: field as WatchField, value };
}

function termNode(text: string, col: number): QueryNode {
  if (text.length > 1 && text[0] === '-') throw new QuerySyntaxError(`'${text}': write NOT ${text.slice(1)} to exclude a word`, col);
  const star = text.indexOf('*');
  if (star !== -1 && star !== text.length - 1) throw new QuerySyntaxError(`only a trailing * wildcard is supported`, col + star);
  const wildcard = star !== -1;
  const body = wildcard ? text.slice(0, -1) : text;
  if (body[0] === '#' || body[0] === '＃') {
    const tag = foldText(body.slice(1));
    if (!HASHTAG.test(tag)) throw new QuerySyntaxError(`'${text}' is not a valid hashtag`, col);
    if (wildcard && tag.length < MIN_PREFIX) throw new QuerySyntaxError(`wildcard '${text}' is too broad (at least ${MIN_PREFIX} letters before *)`, col);
    return { kind: 'hashtag', tag, prefix: wildcard };
  }
  if (body[0] === '@') {
    if (wildcard) throw new QuerySyntaxError(`wildcards are not supported in @handles`, col + star);
    const handle = foldText(body.slice(1));
    if (!HANDLE.test(handle)) throw new QuerySyntaxError(`'${text}' is not a valid @handle`, col);
    return { kind: 'handle', handle };
  }
  const words = tokenize(body).words;
  if (words.length === 0) throw new QuerySyntaxError(`'${text}' has no letters or digits to match`, col);
  if (wildcard) {
    if (words.length > 1 || /[^\p{L}\p{N}]\*$/u.test(text)) throw new QuerySyntaxError(`a * wildcard must end a single word, got '${text}'`, col + star);
    if (words[0]!.length < MIN_PREFIX) throw new QuerySyntaxError(`wildcard '${text}' is too broad (at least ${MIN_PREFIX} letters before *)`, col);
    return { kind: 'prefix', prefix: words[0]! };
  }
  return words.length === 1 ? { kind: 'word', word: words[0]! } : { kind: 'phrase', words };
}

function phraseNode(body: string, col: number): QueryNode {
  if (body.includes('*')) throw new QuerySyntaxError('wildcards are not supported inside "phrases"', col + 1 + body.indexOf('*'));
  const words = tokenize(body).words;
  if (words.length === 0) throw new QuerySyntaxError('empty phrase', col);
  return words.length === 1 ? { kind: 'word', word: words[0]! } : { kind: 'phrase', words };
}

/** True when a node has word positions, so NEAR can measure distances to it. */
function positional(n: QueryNode): boolean {
  switch (n.kind) {
    case 'word':
    case 'prefix':
    case 'phrase':
    case 'hashtag':
    case 'handle':
    case 'near':
      return true;
    case 'or':
      return n.children.every(positional);
    default:
      return false;
  }
}

function describe(lx: Lexeme): string {
  return lx.type === 'eof' ? 'end of query' : `'${lx.text}'`;
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly lx: Lexeme[]) {}

  private peek(): Lexeme {
    return this.lx[this.i]!;
  }
  private next(): Lexeme {
    return this.lx[this.i++]!;
  }
  private unexpected(lx: Lexeme): QuerySyntaxError {
    const prev = this.i > 0 ? this.lx[this.i - 1] : undefined;
    if (lx.type === 'eof' && prev) return new QuerySyntaxError(`unexpected end of query after '${prev.text}'`, lx.col);
    return new QuerySyntaxError(`unexpected ${describe(lx)}`, lx.col);
  }

  parse(): QueryNode {
    if (this.peek().type === 'eof') throw new QuerySyntaxError('empty query', 1);
    const n = this.or();
    const end = this.peek();
    if (end.type !== 'eof') throw new QuerySyntaxError(`unexpected ${describe(end)}`, end.col);
    return n;
  }

  private or(): QueryNode {
    const children = [this.and()];
    while (this.peek().type === 'or') {
      this.next();
      children.push(this.and());
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  }

  private and(): QueryNode {
    const children = [this.near()];
    for (;;) {
      const t = this.peek().type;
      if (t === 'and') this.next();
      else if (t !== 'not' && t !== 'lparen' && t !== 'term' && t !== 'phrase' && t !== 'field') break;
      // Adjacent operands without an operator are joined by an implicit AND.
      children.push(this.near());
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  private near(): QueryNode {
    let left = this.unary();
    while (this.peek().type === 'near') {
      const op = this.next() as Extract<Lexeme, { type: 'near' }>;
      const right = this.unary();
      if (!positional(left) || !positional(right)) {
        throw new QuerySyntaxError(`${op.text} needs words, "phrases", #hashtags or @handles on both sides (or OR-groups of them)`, op.col);
      }
      left = { kind: 'near', distance: op.distance, left, right };
    }
    return left;
  }

  private unary(): QueryNode {
    if (this.peek().type === 'not') {
      const op = this.next();
      if (++this.depth > MAX_DEPTH) throw new QuerySyntaxError(`operators nested deeper than ${MAX_DEPTH}`, op.col);
      const child = this.unary();
      this.depth--;
      return { kind: 'not', child };
    }
    return this.primary();
  }

  private primary(): QueryNode {
    const lx = this.next();
    switch (lx.type) {
      case 'lparen': {
        if (++this.depth > MAX_DEPTH) throw new QuerySyntaxError(`operators nested deeper than ${MAX_DEPTH}`, lx.col);
        if (this.peek().type === 'rparen') throw new QuerySyntaxError(`empty parentheses`, lx.col);
        const n = this.or();
        const close = this.next();
        if (close.type !== 'rparen') {
          if (close.type === 'eof') throw new QuerySyntaxError(`missing ')' to close the '(' opened`, lx.col);
          throw new QuerySyntaxError(`unexpected ${describe(close)}`, close.col);
        }
        this.depth--;
        return n;
      }
      case 'term':
        return termNode(lx.text, lx.col);
      case 'phrase':
        return phraseNode(lx.body, lx.col);
      case 'field':
        return fieldNode(lx);
      default:
        this.i--;
        throw this.unexpected(lx);
    }
  }
}

/**
 * Parses one watch query into a tree of folded operands.
 * @throws QuerySyntaxError with the 1-based column of the problem.
 */
export function parseQuery(query: string): QueryNode {
  if (query.length > MAX_LENGTH) throw new QuerySyntaxError(`query longer than ${MAX_LENGTH} characters`, MAX_LENGTH + 1);
  return new Parser(lex(query)).parse();
}
