/** Escaping per delivery target: user text (post titles, authors, terms) never becomes markup. */
import { closeBidi, collapseSpace, cutGraphemes } from '../core/text/graphemes.ts';

/** Escapes user text for Slack mrkdwn (only &, < and > are control characters there). */
export function escapeSlack(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes user text for HTML (email) and for Markdown-ish renderers that accept HTML entities. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Only http(s) links are rendered as links: `javascript:` and friends from a post never are. */
export function safeUrl(u: string | undefined): string | undefined {
  if (!u) return undefined;
  try {
    const p = new URL(u);
    return p.protocol === 'http:' || p.protocol === 'https:' ? p.toString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Collapses whitespace and cuts user text for one-line display, between grapheme clusters, with
 * `encode` (an escaping) applied after the cut so no escape sequence is split; bidi overrides the
 * text leaves open are closed. The result, closers included, is at most `max` long once encoded.
 */
export function oneLine(s: string, max = 200, encode?: (g: string) => string): string {
  const t = collapseSpace(s);
  let out = closeBidi(cutGraphemes(t, max, encode));
  // The closers take room too: cut again, shorter by what they added.
  if (out.length > max) out = closeBidi(cutGraphemes(t, max - (out.length - max), encode));
  return out;
}

/** `https://host/` of a URL: what a page shows instead of a URL too long for it (the Kibana link finds the mention). */
export function originOf(u: string): string {
  return `${new URL(u).origin}/`;
}

/**
 * A URL inside a Slack `<url|label>` token: `|` would end the URL and start a label, `<` and `>`
 * would end the token, so they are percent-encoded (`new URL` leaves `|` as is).
 */
export function slackLinkUrl(u: string): string {
  return u.replace(/[|<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Adaptive Card text is Markdown: user text is escaped so a post cannot inject links or
 * formatting into the card.
 */
export function escapeCardMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, (c) => `\\${c}`);
}

/** A link target inside Adaptive Card Markdown `[text](url)`: `(`, `)` and spaces would end it early. */
export function cardLinkUrl(u: string): string {
  return u.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
