/**
 * Text from feeds, servers and mentions printed on a terminal. Escape sequences in it (ESC, the
 * 8-bit CSI/OSC introducers, other control characters) would let a feed retitle the window, plant
 * OSC 8 links, clear the screen or rewrite earlier lines; bidirectional overrides would let it
 * reorder what the operator reads. Each such character is shown as a visible `\u{..}` instead.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control, escape and bidi-override character made visible; newlines and tabs kept. */
export function forTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** The same for a single-line field: newlines and tabs are made visible too. */
export function forTerminalLine(text: string): string {
  return forTerminal(text).replace(/[\n\t]/g, (c) => (c === '\n' ? '\\n' : '\\t'));
}

/**
 * JSON text made safe for a terminal or a pipe: JSON.stringify already escapes C0 controls, not
 * DEL, the C1 range (U+009B is a one-character CSI for many terminals) or bidi overrides. These
 * can only appear inside strings, so escaping them keeps the JSON valid and equal once parsed.
 */
export function escapeJsonText(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON.stringify for a terminal: see escapeJsonText. */
export function jsonForTerminal(value: unknown): string {
  return escapeJsonText(JSON.stringify(value));
}
