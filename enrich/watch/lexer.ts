/** One lexical token of a watch query; `col` is 1-based in the original query. */
export type Lexeme =
  | { type: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'eof'; col: number; text: string }
  | { type: 'near'; col: number; text: string; distance: number }
  | { type: 'term'; col: number; text: string }
  | { type: 'phrase'; col: number; text: string; body: string }
  | { type: 'field'; col: number; text: string; field: string; value: string };

/** A syntax problem at a 1-based column; turned into a VigieError by the caller, who knows the entry. */
export class QuerySyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly column: number,
  ) {
    super(`${detail} at column ${column}`);
    this.name = 'QuerySyntaxError';
  }
}

const SPACE = /\s/u;
const STOP = /[\s()"“”]/u;
const FIELD = /^([A-Za-z]+):$/;

function readQuoted(q: string, start: number): { body: string; end: number } {
  // `start` is the opening quote; accept typographic quotes people paste from documents.
  const close = q.indexOf(q[start] === '“' ? '”' : '"', start + 1);
  const close2 = q[start] === '"' ? q.indexOf('”', start + 1) : -1;
  const end = close === -1 ? close2 : close2 === -1 ? close : Math.min(close, close2);
  if (end === -1) throw new QuerySyntaxError('unterminated phrase (missing closing ")', start + 1);
  return { body: q.slice(start + 1, end), end: end + 1 };
}

/** Cuts a query into lexemes. Operators are recognised in UPPERCASE only (`or` is a French word). */
export function lex(q: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    const col = i + 1;
    if (SPACE.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ type: c === '(' ? 'lparen' : 'rparen', col, text: c });
      i++;
    } else if (c === '"' || c === '“') {
      const { body, end } = readQuoted(q, i);
      out.push({ type: 'phrase', col, text: q.slice(i, end), body });
      i = end;
    } else if (c === '”') {
      throw new QuerySyntaxError('unexpected closing quote ”', col);
    } else {
      let j = i;
      while (j < q.length && !STOP.test(q[j]!)) j++;
      const text = q.slice(i, j);
      const f = FIELD.exec(text);
      if (f && (q[j] === '"' || q[j] === '“')) {
        // field:"quoted value"
        const { body, end } = readQuoted(q, j);
        out.push({ type: 'field', col, text: q.slice(i, end), field: f[1]!.toLowerCase(), value: body });
        i = end;
        continue;
      }
      out.push(classify(text, col));
      i = j;
    }
  }
  out.push({ type: 'eof', col: q.length + 1, text: '' });
  return out;
}

function classify(text: string, col: number): Lexeme {
  if (text === 'AND' || text === 'OR' || text === 'NOT') return { type: text === 'AND' ? 'and' : text === 'OR' ? 'or' : 'not', col, text };
  if (text.startsWith('NEAR')) {
    const m = /^NEAR\/(\d{1,3})$/.exec(text);
    if (!m) throw new QuerySyntaxError(`'${text}' is not a valid NEAR operator (write NEAR/n, e.g. NEAR/3)`, col);
    return { type: 'near', col, text, distance: Number(m[1]) };
  }
  const colon = text.indexOf(':');
  if (colon > 0 && /^[A-Za-z]+$/.test(text.slice(0, colon))) {
    return { type: 'field', col, text, field: text.slice(0, colon).toLowerCase(), value: text.slice(colon + 1) };
  }
  return { type: 'term', col, text };
}
