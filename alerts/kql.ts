/**
 * KQL (Kibana Query Language) for the "Open in Kibana" links, written by Kibana's own rules
 * (its grammar, kuery.peg / grammar.peggy): quoted values escape `\` and `"`; unquoted values
 * (the only ones where `*` is a wildcard) are single words with the special characters
 * `\ ( ) : < > " * { }` and whitespace controls escaped.
 * alerts/kql.test.ts parses every query built here with Kibana's grammar (test/helpers/kibana-kql.ts).
 */
import { foldText as fold } from '../core/text/fold.ts';

/** A quoted KQL value (a phrase: no wildcard). */
export function kqlQuote(v: string): string {
  return `"${v.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\n/g, '\\n')}"`;
}

/**
 * An unquoted KQL value (where `*` can be a wildcard) for one word: the special characters
 * `\ ( ) : < > " * { }` escaped with `\`, then tab, CR and LF as `\t`, `\r`, `\n`. Values with
 * spaces must be quoted instead: Kibana's grammar reads `\not` as a newline followed by "ot", so
 * the keyword escaping of its own `escapeKuery` cannot be trusted; with no space, `and`, `or`
 * and `not` are never keywords.
 */
export function kqlEscape(word: string): string {
  return word
    .replace(/[\\():<>"*{}]/g, (c) => `\\${c}`)
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n');
}

/** Joins KQL clauses with `and`, skipping empty ones. */
export function kqlAnd(...clauses: string[]): string {
  return clauses.filter(Boolean).join(' and ');
}

/** Words as the keyword matcher and `text_folded` see them (folded; `#`/`@` kept by the matcher). */
function wordsOf(s: string): string[] {
  return fold(s).split(/[^\p{L}\p{N}#@]+/u).filter(Boolean);
}

/**
 * One keyword term (`boycott*` prefix, `"two words"` or `two words` phrase, `word`) as a KQL value
 * list item matching what the rule matched in the folded text: a whole word or phrase quoted,
 * a prefix unquoted and escaped with a trailing `*`. A phrase ending in a prefix becomes its
 * words and the prefix (a superset: Kibana has no phrase-prefix). Empty when nothing is left.
 */
export function keywordValue(term: string): string {
  const unq = term.replace(/^"(.*)"$/s, '$1');
  const prefix = unq.endsWith('*');
  const words = wordsOf(prefix ? unq.slice(0, -1) : unq);
  if (words.length === 0) return '';
  if (!prefix) return kqlQuote(words.join(' '));
  // Wildcards are not analyzed: the stem must be what the standard tokenizer indexed (no # or @).
  const stem = words.at(-1)!.replace(/[#@]/g, '');
  const last = stem ? `${kqlEscape(stem)}*` : '';
  const head = words.slice(0, -1).join(' ');
  const parts = [head ? kqlQuote(head) : '', last].filter(Boolean);
  return parts.length > 1 ? `(${parts.join(' and ')})` : (parts[0] ?? '');
}

/** `(f1:(v1 or v2) or f2:(v1 or v2))` over folded fields; empty when no value is left. */
export function anyValueKql(fields: readonly string[], values: readonly string[]): string {
  const vs = [...new Set(values.filter(Boolean))];
  if (vs.length === 0) return '';
  const list = vs.length === 1 ? vs[0]! : `(${vs.join(' or ')})`;
  const per = fields.map((f) => `${f}:${list}`);
  return per.length === 1 ? per[0]! : `(${per.join(' or ')})`;
}

/** The folded copies of a mention's text that alerts match on (see index/elasticsearch/templates.ts). */
export const FOLDED_TEXT_FIELDS = ['text_folded', 'title_folded'] as const;
