import { VigieError } from '../../core/errors.ts';

/**
 * Reader of ELD's n-gram data module (`export const ngramsData = {type:'L60',languages:{0:'am',...},
 * ngrams:{'key':{id:score,...},...}}`, 4.4 MB of source) that scans its text instead of evaluating
 * it. Evaluated, the object literal took the peak RSS up by 434 MB; V8 frees it once the table is
 * compiled, but the process keeps most of those pages (RSS +282 MB for a 2 MB table). Scanning
 * allocates only the key strings of the candidates' n-grams. eld-data.test.ts checks that the scan gives
 * exactly what evaluating the module gives, for every n-gram and language.
 */

const QUOTE = 0x27;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN = 0x7b;
const CLOSE = 0x7d;
/**
 * Unquoted keys whose text is their name: identifiers and decimal integers (a leading 0 would be
 * an octal literal in sloppy-mode JavaScript, another key than its text).
 */
const BARE_KEY = /^(?:0|[1-9]\d*|[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*)$/u;

function malformed(at: number, what: string): VigieError {
  return new VigieError('ERR_ENRICH_MODEL_MISSING', `language model data (npm eld, ngrams/large.js) has an unexpected format at character ${at}: ${what}; reinstall eld 2.1.0 with npm ci`);
}

/** A cursor over the module's source. */
class Scanner {
  at: number;
  constructor(readonly src: string, from: number) {
    this.at = from;
  }

  expect(code: number): void {
    if (this.src.charCodeAt(this.at) !== code) throw malformed(this.at, `expected '${String.fromCharCode(code)}'`);
    this.at++;
  }

  /** An object key: a single-quoted string (only `\'` and `\\` escapes occur), an identifier or an integer. */
  key(): string {
    const from = this.at;
    const quoted = this.src.charCodeAt(from) === QUOTE;
    const escaped = this.skipKey();
    const raw = quoted ? this.src.slice(from + 1, this.at - 1) : this.src.slice(from, this.at);
    return escaped ? raw.replace(/\\(['\\])/g, '$1') : raw;
  }

  /** Moves past a key without building its string; whether it has escapes. */
  skipKey(): boolean {
    const src = this.src;
    const from = this.at;
    if (src.charCodeAt(from) !== QUOTE) {
      while (this.at < src.length && src.charCodeAt(this.at) !== COLON) this.at++;
      if (!BARE_KEY.test(src.slice(from, this.at))) throw malformed(from, 'unquoted key that is neither an identifier nor a decimal integer');
      return false;
    }
    let escaped = false;
    for (this.at++; ; this.at++) {
      const c = src.charCodeAt(this.at);
      if (Number.isNaN(c)) throw malformed(from, 'unterminated string');
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        const next = src.charCodeAt(this.at + 1);
        if (next !== QUOTE && next !== BACKSLASH) throw malformed(this.at, 'unsupported escape');
        escaped = true;
        this.at++;
      }
    }
    this.at++;
    return escaped;
  }

  /** A non-negative decimal integer (every id and score in the data is one). */
  int(): number {
    const src = this.src;
    const from = this.at;
    let n = 0;
    for (let c = src.charCodeAt(this.at); c >= 0x30 && c <= 0x39; c = src.charCodeAt(++this.at)) n = n * 10 + (c - 0x30);
    if (this.at === from) throw malformed(from, 'expected a number');
    return n;
  }
}

function sectionStart(src: string, name: string): number {
  const at = src.indexOf(`${name}:{`);
  if (at < 0) throw malformed(0, `no '${name}' section`);
  return at + name.length + 2;
}

/** ELD's language ids → ISO 639-1 codes (its `languages` section). */
export function eldLanguageIds(src: string): Map<number, string> {
  const s = new Scanner(src, sectionStart(src, 'languages'));
  const out = new Map<number, string>();
  while (src.charCodeAt(s.at) !== CLOSE) {
    const id = s.int();
    s.expect(COLON);
    out.set(id, s.key());
    if (src.charCodeAt(s.at) === COMMA) s.at++;
  }
  return out;
}

/**
 * Calls `visit` for each n-gram of the `ngrams` section, in file order, with its language ids and
 * scores (`count` entries of `ids` and `scores`, arrays reused from one call to the next).
 * `keyOf()` builds the n-gram's key string: callers skip it for n-grams none of their languages has.
 */
export function forEachEldNgram(src: string, visit: (keyOf: () => string, ids: Int32Array, scores: Int32Array, count: number) => void): void {
  const s = new Scanner(src, sectionStart(src, 'ngrams'));
  const ids = new Int32Array(256);
  const scores = new Int32Array(256);
  let keyAt = 0;
  const keyOf = (): string => new Scanner(src, keyAt).key();
  while (src.charCodeAt(s.at) !== CLOSE) {
    keyAt = s.at;
    s.skipKey();
    s.expect(COLON);
    s.expect(OPEN);
    let count = 0;
    while (src.charCodeAt(s.at) !== CLOSE) {
      if (count === ids.length) throw malformed(s.at, 'more languages than ids');
      ids[count] = s.int();
      s.expect(COLON);
      scores[count++] = s.int();
      if (src.charCodeAt(s.at) === COMMA) s.at++;
    }
    s.at++;
    visit(keyOf, ids, scores, count);
    if (src.charCodeAt(s.at) === COMMA) s.at++;
  }
}
