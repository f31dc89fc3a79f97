import { utf8Bytes } from '../core/text/graphemes.ts';

/**
 * What each receiver accepts, shared by alert pages and report deliveries, and the walk that
 * fits a message into it: a sender renders views from the richest to the leanest and keeps the
 * first rendering the receiver's check accepts (`fitFirst`), so what is left out is always the
 * least important, and the leanest view (headline, figures, link) is always sent.
 */

/**
 * Slack's documented limits (a message breaking one is refused whole, 400 `invalid_blocks`):
 * - header block text: 150 characters — https://api.slack.com/reference/block-kit/blocks#header
 * - section text: 3,000; section fields: 10 items of 2,000 — https://api.slack.com/reference/block-kit/blocks#section
 * - context elements: 10 — https://api.slack.com/reference/block-kit/blocks#context
 * - text objects: 3,000 — https://api.slack.com/reference/block-kit/composition-objects#text
 * - blocks per message: 50 — https://api.slack.com/reference/block-kit/blocks
 * - button text 75, button url 3,000 — https://api.slack.com/reference/block-kit/block-elements#button
 * - top-level `text`: truncated past 40,000 — https://api.slack.com/changelog/2018-04-truncating-really-long-messages
 * Undocumented: a message whose blocks hold about 13,000 characters in all is refused with
 * `msg_blocks_too_long` (https://github.com/slackapi/bolt-js/issues/2509); Vigie stays under 12,000.
 * Slack counts characters; lengths here are UTF-16 units, never fewer (see core/text/graphemes.ts).
 */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  textObject: 3000,
  blocks: 50,
  buttonText: 75,
  buttonUrl: 3000,
  messageText: 40_000,
  blocksTotalText: 12_000,
} as const;

type Block = Record<string, any>;

/** Every text of a block, for the limit checks. */
function textsOf(b: Block): string[] {
  const out: string[] = [];
  if (b.text?.text !== undefined) out.push(b.text.text);
  for (const f of b.fields ?? []) out.push(f.text);
  for (const e of b.elements ?? []) out.push(e.text?.text ?? e.text);
  return out.filter((t): t is string => typeof t === 'string');
}

/** Whether a Block Kit message respects every Slack limit above. */
export function slackFits(m: { text: string; blocks: readonly Block[] }): boolean {
  const L = SLACK_LIMITS;
  if (m.text.length > L.messageText || m.blocks.length > L.blocks) return false;
  let total = 0;
  for (const b of m.blocks) {
    const texts = textsOf(b);
    total += texts.reduce((n, t) => n + t.length, 0);
    if (b.type === 'header' && b.text.text.length > L.headerText) return false;
    if (b.type === 'section' && (b.text?.text.length ?? 0) > L.sectionText) return false;
    if (b.fields && (b.fields.length > L.fields || b.fields.some((f: Block) => f.text.length > L.fieldText))) return false;
    if (b.type === 'context' && (b.elements.length > L.contextElements || texts.some((t) => t.length > L.textObject))) return false;
    if (b.type === 'actions' && b.elements.some((e: Block) => e.text.text.length > L.buttonText || (e.url ?? '').length > L.buttonUrl)) return false;
  }
  return total <= L.blocksTotalText;
}

/**
 * "The message size limit is 28 KB. When the size exceeds 28 KB, you receive an error" (413):
 * https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook
 * (Workflows / Power Automate "Post to a channel when a webhook request is received" posts the same
 * card and has the same limit). Counted here as 28,000 bytes of UTF-8 JSON body, below 28 KiB.
 */
export const TEAMS_MAX_BYTES = 28_000;

/** Whether a Teams message (its JSON body) is within 28 KB. */
export function teamsFits(m: unknown): boolean {
  return utf8Bytes(JSON.stringify(m)) <= TEAMS_MAX_BYTES;
}

/**
 * Size of each email part (HTML, plain text), in UTF-8 bytes. Gmail shows only the first 102 KB
 * of a message's HTML and hides the rest behind "[Message clipped] View entire message", links
 * included (https://shkspr.mobi/blog/2019/05/102kb-ought-to-be-enough-for-any-email/); mail
 * servers refuse far larger messages (SIZE, RFC 1870), so 100,000 bytes per part keeps every
 * message whole.
 */
export const EMAIL_PART_MAX_BYTES = 100_000;

/** Whether both parts of an email are within EMAIL_PART_MAX_BYTES. */
export function emailPartsFit(m: { html: string; text: string }): boolean {
  return utf8Bytes(m.html) <= EMAIL_PART_MAX_BYTES && utf8Bytes(m.text) <= EMAIL_PART_MAX_BYTES;
}

/**
 * Largest webhook body Vigie sends: 100,000 bytes, under the 100 kB that the most common
 * receiver stacks accept by default (Express / body-parser `limit` defaults to "100kb":
 * https://github.com/expressjs/body-parser#limit), so a stock receiver never answers 413.
 */
export const WEBHOOK_MAX_BYTES = 100_000;

/** Whether a webhook body is within WEBHOOK_MAX_BYTES. */
export function webhookFits(body: string): boolean {
  return utf8Bytes(body) <= WEBHOOK_MAX_BYTES;
}

/**
 * Renders `views` in order (richest first) and returns the first rendering that `fits`, else the
 * last one's (the leanest, which each renderer keeps valid by capping every field). Views are
 * rendered one at a time: an ordinary message is rendered once.
 */
export function fitFirst<V, T>(views: readonly V[], render: (v: V) => T, fits: (rendered: T) => boolean): T {
  if (views.length === 0) throw new Error('fitFirst: no view to render');
  let out: T | undefined;
  for (const v of views) {
    out = render(v);
    if (fits(out)) return out;
  }
  return out!;
}
