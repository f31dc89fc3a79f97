/**
 * KQL (Kibana Query Language) for the "Open in Kibana" links, written by Kibana's own rules
 * (its grammar, kuery.peg / grammar.peggy, and `escapeKuery`): quoted values escape `\` and `"`;
 * unquoted values (the only ones where `*` is a wildcard) escape the special characters
 * `\ ( ) : < > " * { }`, whitespace controls and the keywords `and`, `or`, `not`.
 * test/kibana-kql.test.ts parses every query built here with Kibana's grammar.
 */
import { fold } from './text.ts';

/** A quoted KQL value (a phrase: no wildcard). */
export function kqlQuote(v: string): string {
  return `"${v.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\n/g, '\\n')}"`;
}

/** An unquoted KQL value, every special character and keyword escaped (Kibana's `escapeKuery`). */
export function kqlEscape(v: string): string {
  return v
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(/[\\():<>"*{}]/g, (c) => `\\${c}`)
    .replace(/(\s+)(and|or)(\s+)/gi, '$1\\$2$3')
    .replace(/^(not)(\s+)/i, '\\$1$2')
    .replace(/(\s)(not)(\s+)/gi, '$1\\$2$3');
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
