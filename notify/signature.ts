import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`. */
export const SIGNATURE_HEADER = 'X-Vigie-Signature';

/** Signs a body at unix time `t` (seconds). */
export function sign(secret: string, t: number, body: string): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/**
 * Verifies a signature header against the raw body with any of the receiver's secrets (two
 * during a rotation) and rejects timestamps further than `toleranceS` from now (replays).
 * Receivers in other languages do the same: see docs/webhooks.md.
 */
export function verifySignature(header: string | undefined | null, body: string, secrets: readonly string[], opts: { nowS?: number; toleranceS?: number } = {}): boolean {
  if (!header) return false;
  let t: number | undefined;
  const sigs: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d+$/.test(v)) t = Number(v);
    else if (k === 'v1' && v && /^[0-9a-f]{64}$/.test(v)) sigs.push(v);
  }
  if (t === undefined || sigs.length === 0) return false;
  const now = opts.nowS ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (opts.toleranceS ?? 300)) return false;
  for (const secret of secrets) {
    const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'), 'hex');
    for (const s of sigs) if (timingSafeEqual(expected, Buffer.from(s, 'hex'))) return true;
  }
  return false;
}
