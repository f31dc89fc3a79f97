/**
 * A small reader of the Python expressions feedparser's tests write as their expectation
 * (`not bozo and entries[0]['title'] == u'\u00e9'`): literals, names, subscripts, attributes,
 * calls, `and`/`or`/`not`, comparisons. The evaluation itself is left to the caller's `Ops`,
 * which decides what a name or a field means (see `expectations.ts`).
 */

export type Node =
  | { t: 'lit'; v: unknown }
  | { t: 'name'; id: string }
  | { t: 'sub'; of: Node; key: Node }
  | { t: 'attr'; of: Node; name: string }
  | { t: 'call'; fn: Node; args: Node[] }
  | { t: 'tuple'; items: Node[] }
  | { t: 'dict'; entries: Array<[Node, Node]> }
  | { t: 'not'; x: Node }
  | { t: 'neg'; x: Node }
  | { t: 'add'; xs: Node[] }
  | { t: 'bool'; op: 'and' | 'or'; xs: Node[] }
  | { t: 'cmp'; first: Node; ops: Array<[string, Node]> };

type Tok = { k: 'name' | 'num' | 'str' | 'op'; v: string };

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };

/** The value of a Python string literal's body (escapes read unless raw). */
function unescape(body: string, raw: boolean): string {
  if (raw) return body;
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{1,3}|[\s\S])/g, (_, e: string) => {
    if (/^[uUx]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ESCAPES[e] ?? `\\${e}`;
  });
}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  const re = /\s+|([rRuUbB]{0,2})('''[\s\S]*?'''|"""[\s\S]*?"""|'(?:\\[\s\S]|[^'\\])*'|"(?:\\[\s\S]|[^"\\])*")|(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|[-+*%<>()[\]{},:.])/y;
  let at = 0;
  while (at < src.length) {
    re.lastIndex = at;
    const m = re.exec(src);
    if (!m) throw new Error(`cannot read the expression at ${JSON.stringify(src.slice(at, at + 20))}`);
    at = re.lastIndex;
    if (m[2] !== undefined) {
      const q = m[2].startsWith("'''") || m[2].startsWith('"""') ? 3 : 1;
      toks.push({ k: 'str', v: unescape(m[2].slice(q, -q), /r/i.test(m[1] ?? '')) });
    } else if (m[3] !== undefined) toks.push({ k: 'num', v: m[3] });
    else if (m[4] !== undefined) toks.push({ k: 'name', v: m[4] });
    else if (m[5] !== undefined) toks.push({ k: 'op', v: m[5] });
  }
  return toks;
}

/** Parses one expression; throws on syntax it does not know. */
export function parsePython(src: string): Node {
  const toks = tokenize(src);
  let i = 0;
  const peek = (v?: string) => (v === undefined ? toks[i] : toks[i] && (toks[i]!.k === 'op' || toks[i]!.k === 'name') && toks[i]!.v === v ? toks[i] : undefined);
  const take = (v: string) => {
    if (!peek(v)) throw new Error(`expected ${v} at token ${i} of ${JSON.stringify(src)}`);
    i++;
  };
  const orExpr = (): Node => {
    const xs = [andExpr()];
    while (peek('or')) (i++, xs.push(andExpr()));
    return xs.length > 1 ? { t: 'bool', op: 'or', xs } : xs[0]!;
  };
  const andExpr = (): Node => {
    const xs = [notExpr()];
    while (peek('and')) (i++, xs.push(notExpr()));
    return xs.length > 1 ? { t: 'bool', op: 'and', xs } : xs[0]!;
  };
  const notExpr = (): Node => (peek('not') ? (i++, { t: 'not', x: notExpr() }) : comparison());
  const sum = (): Node => {
    const xs = [unary()];
    while (peek('+')) (i++, xs.push(unary()));
    return xs.length > 1 ? { t: 'add', xs } : xs[0]!;
  };
  const comparison = (): Node => {
    const first = sum();
    const ops: Array<[string, Node]> = [];
    for (;;) {
      let op: string | undefined;
      if (peek('not') && toks[i + 1]?.v === 'in') (op = 'not in'), (i += 2);
      else if (peek('is') && toks[i + 1]?.v === 'not') (op = 'is not'), (i += 2);
      else if (['==', '!=', '<', '>', '<=', '>=', 'in', 'is'].some((o) => peek(o))) op = toks[i++]!.v;
      if (!op) break;
      ops.push([op, sum()]);
    }
    return ops.length ? { t: 'cmp', first, ops } : first;
  };
  const unary = (): Node => (peek('-') ? (i++, { t: 'neg', x: unary() }) : postfix());
  const postfix = (): Node => {
    let n = atom();
    for (;;) {
      if (peek('[')) {
        i++;
        const key = orExpr();
        take(']');
        n = { t: 'sub', of: n, key };
      } else if (peek('.')) {
        i++;
        n = { t: 'attr', of: n, name: toks[i++]!.v };
      } else if (peek('(')) {
        i++;
        const args: Node[] = [];
        while (!peek(')')) {
          args.push(orExpr());
          if (peek(',')) i++;
        }
        take(')');
        n = { t: 'call', fn: n, args };
      } else return n;
    }
  };
  const sequence = (close: string): Node[] => {
    const items: Node[] = [];
    while (!peek(close)) {
      items.push(orExpr());
      if (peek(',')) i++;
      else break;
    }
    take(close);
    return items;
  };
  const atom = (): Node => {
    const tok = toks[i++];
    if (!tok) throw new Error(`unexpected end of ${JSON.stringify(src)}`);
    if (tok.k === 'str') {
      let v = tok.v;
      while (toks[i]?.k === 'str') v += toks[i++]!.v;
      return { t: 'lit', v };
    }
    if (tok.k === 'num') return { t: 'lit', v: Number(tok.v) };
    if (tok.k === 'name') {
      if (tok.v === 'None') return { t: 'lit', v: null };
      if (tok.v === 'True' || tok.v === 'False') return { t: 'lit', v: tok.v === 'True' };
      return { t: 'name', id: tok.v };
    }
    if (tok.v === '(') {
      const start = i;
      const items = sequence(')');
      // `(x)` is x; `(x,)` and `(x, y)` are tuples.
      return items.length === 1 && toks[i - 2]?.v !== ',' && i - start > 1 ? items[0]! : { t: 'tuple', items };
    }
    if (tok.v === '[') return { t: 'tuple', items: sequence(']') };
    if (tok.v === '{') {
      const entries: Array<[Node, Node]> = [];
      while (!peek('}')) {
        const k = orExpr();
        take(':');
        entries.push([k, orExpr()]);
        if (peek(',')) i++;
      }
      take('}');
      return { t: 'dict', entries };
    }
    throw new Error(`unexpected ${tok.v} in ${JSON.stringify(src)}`);
  };
  const n = orExpr();
  if (i < toks.length) throw new Error(`unexpected ${toks[i]!.v} in ${JSON.stringify(src)}`);
  return n;
}
