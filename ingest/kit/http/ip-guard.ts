import { BlockList, isIP } from 'node:net';

/**
 * Address ranges a connector must not reach unless the operator allowed it: a feed URL typed by a
 * user must not become a way to probe the machine or its network (SSRF).
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
  ['100::', 64], ['2001:db8::', 32],
] as const) blocked.addSubnet(net, prefix, 'ipv6');

/** The eight 16-bit groups of an IPv6 literal (a dotted IPv4 tail included); undefined if malformed. */
function groups(v6: string): number[] | undefined {
  let text = v6.toLowerCase();
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const b = tail.slice(1).map(Number);
    if (b.some((x) => x > 255)) return undefined;
    text = `${text.slice(0, tail.index)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const part = (h: string) => (h === '' ? [] : h.split(':').map((x) => parseInt(x, 16)));
  const head = part(halves[0]!);
  const rest = halves.length === 2 ? part(halves[1]!) : [];
  const fill = 8 - head.length - rest.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return undefined;
  const all = [...head, ...Array<number>(fill).fill(0), ...rest];
  return all.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? all : undefined;
}

const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;

/**
 * What an IPv6 address really reaches when it carries an IPv4 address, or `blocked` for ranges
 * that are local by definition:
 * - `::a.b.c.d` (IPv4-compatible, deprecated but still routed to a.b.c.d by some stacks),
 *   `::ffff:a.b.c.d` (IPv4-mapped) and `::ffff:0:a.b.c.d` (IPv4-translated, SIIT);
 * - `64:ff9b::/96` (NAT64 well-known prefix) → the embedded IPv4; `64:ff9b:1::/48` (local-use
 *   NAT64, RFC 8215) → blocked: its mapping is the site's own;
 * - `2002::/16` (6to4) → the IPv4 in groups 1-2;
 * - `2001::/32` (Teredo) → blocked: it tunnels to a server and client given in the address.
 */
function embeddedIpv4(g: number[]): string | 'blocked' | undefined {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && (g[5] === 0 || g[5] === 0xffff)) return v4(g[6]!, g[7]!);
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return v4(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'blocked';
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  if (g[0] === 0x2001 && g[1] === 0) return 'blocked';
  return undefined;
}

/**
 * True when `address` (an IP literal) is loopback, private, link-local, CGNAT, multicast or
 * reserved, including IPv6 forms that embed such an IPv4 address.
 */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, 'ipv4');
  if (family === 6) {
    const g = groups(bare);
    if (!g) return true;
    const inner = embeddedIpv4(g);
    if (inner === 'blocked') return true;
    if (inner !== undefined) return blocked.check(inner, 'ipv4');
    return blocked.check(bare, 'ipv6');
  }
  // Not an IP literal: the caller must resolve it first. Refuse rather than guess.
  return true;
}
