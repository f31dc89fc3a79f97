import { decodeAs } from '../http/encoding-labels.ts';
import { plausibility } from './plausibility.ts';

/**
 * Byte each character stands for when UTF-8 was read as Windows-1252 (or as Latin-1, which
 * leaves C1 controls): the "sloppy" code page ftfy uses, so both kinds of mojibake undo.
 */
const BYTE_OF = new Map<string, number>();
for (let b = 0x80; b <= 0xff; b++) {
  BYTE_OF.set(String.fromCharCode(b), b);
  const c = decodeAs(Uint8Array.of(b), 'windows-1252');
  BYTE_OF.set(c, b);
}
const CONT = '[\\u0080-\\u00BF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]';
/** A UTF-8 lead byte's character followed by exactly as many continuation characters as it needs. */
const SEQUENCE = new RegExp(`[\\u00C2-\\u00DF]${CONT}|[\\u00E0-\\u00EF]${CONT}{2}|[\\u00F0-\\u00F4]${CONT}{3}`, 'g');
const C1 = /[\u0080-\u009F]/g;
const HAS_C1 = /[\u0080-\u009F]/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** How much better a repaired field must read (in plausibility cost) to be kept. */
const MIN_GAIN = 2;

export interface Repair {
  text: string;
  /** What was undone: double-encoded UTF-8 sequences, C1 controls read as Windows-1252. */
  kind?: 'double-encoded' | 'c1-controls';
}

function undoDoubleEncoding(s: string): string {
  return s.replace(SEQUENCE, (seq) => {
    const bytes = Uint8Array.from(Array.from(seq, (c) => BYTE_OF.get(c)!));
    try {
      return utf8.decode(bytes);
    } catch {
      return seq;
    }
  });
}

/**
 * Repairs one field's mojibake, when the repair is clearly better (ftfy's principle): UTF-8
 * read as Windows-1252 or Latin-1 (`QuÃ©bec`, `â€¦`, up to three times over), and C1 control
 * characters that stand for Windows-1252 punctuation (`don\x92t`). The repaired text must cost
 * less, by a margin, than the original on the plausibility measure, so correct text that only
 * looks odd (Portuguese `NÃO`, French capitals `Â`, Romanian, Vietnamese, Icelandic) is kept.
 */
export function repairMojibake(s: string): Repair {
  // Fast path: mojibake needs a character in U+0080-U+00FF or a Windows-1252 punctuation mark.
  if (!/[\u0080-\u00FF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/.test(s)) return { text: s };
  let text = s;
  let kind: Repair['kind'];
  for (let pass = 0; pass < 3; pass++) {
    const next = undoDoubleEncoding(text);
    if (next === text || plausibility(next).cost > plausibility(text).cost - MIN_GAIN) break;
    text = next;
    kind = 'double-encoded';
  }
  if (HAS_C1.test(text)) {
    // A C1 control is never text; its Windows-1252 reading is the character meant (five bytes
    // have none: they stay, and the field's plausibility keeps counting them).
    const next = text.replace(C1, (c) => {
      const d = decodeAs(Uint8Array.of(c.charCodeAt(0)), 'windows-1252');
      return d.charCodeAt(0) >= 0xa0 ? d : c;
    });
    if (next !== text) {
      text = next;
      kind ??= 'c1-controls';
    }
  }
  return kind ? { text, kind } : { text: s };
}
