import ipaddr from 'ipaddr.js';

// IPv6 addresses that carry an IPv4 address inside them reach that IPv4 address (through the
// kernel, a translator, a tunnel or a relay), so the outbound policy judges them by what they
// embed. `ipaddr.js` names some of these ranges but hands back only the IPv4-mapped one, and it
// calls an IPv4-compatible address (`::7f00:1`) plain unicast, so the layouts are decoded here
// from the 16 bytes.

export interface Embedding {
  /** Which layout matched (for messages and tests). */
  form: 'ipv4-mapped' | 'ipv4-translated' | 'ipv4-compatible' | 'nat64' | 'nat64-local' | '6to4' | 'teredo' | 'isatap';
  /** Every IPv4 address the layout can reach; all of them must pass. */
  addresses: ipaddr.IPv4[];
  /**
   * Whether the IPv6 address must also pass on its own range. False for prefixes that exist only
   * to carry IPv4 (their own range is never "unicast"); true for ISATAP, whose prefix is any.
   */
  outerCounts: boolean;
}

function v4(bytes: number[], at: number): ipaddr.IPv4 {
  return new ipaddr.IPv4(bytes.slice(at, at + 4));
}

function allZero(bytes: number[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** The embedded IPv4 address(es) of an IPv6 address, or null when it embeds none. */
export function embeddedIPv4(ip: ipaddr.IPv6): Embedding | null {
  const b = ip.toByteArray();
  const prefixed = byPrefix(b, ip.parts);
  // <prefix>:0:5efe:a.b.c.d or <prefix>:200:5efe:a.b.c.d (ISATAP, RFC 5214 §6.1; 0x02 is the
  // universal/local bit). Any prefix can carry it, a 6to4 one included, so it adds to the above.
  const isatap = (b[8]! & 0xfd) === 0 && b[9] === 0 && b[10] === 0x5e && b[11] === 0xfe;
  if (!isatap) return prefixed;
  if (!prefixed) return { form: 'isatap', addresses: [v4(b, 12)], outerCounts: true };
  return { ...prefixed, addresses: [...prefixed.addresses, v4(b, 12)] };
}

/** The layouts told apart by their prefix. */
function byPrefix(b: number[], w: number[]): Embedding | null {
  // ::ffff:a.b.c.d (RFC 4291 §2.5.5.2).
  if (allZero(b, 0, 10) && b[10] === 0xff && b[11] === 0xff) return { form: 'ipv4-mapped', addresses: [v4(b, 12)], outerCounts: false };
  // ::ffff:0:a.b.c.d (RFC 6145/7915, IPv4-translated).
  if (allZero(b, 0, 8) && b[8] === 0xff && b[9] === 0xff && b[10] === 0 && b[11] === 0) {
    return { form: 'ipv4-translated', addresses: [v4(b, 12)], outerCounts: false };
  }
  // ::a.b.c.d (RFC 4291 §2.5.5.1, IPv4-compatible, deprecated). `::` and `::1` land here too, as
  // 0.0.0.0 and 0.0.0.1, both refused: that is their meaning anyway.
  if (allZero(b, 0, 12)) return { form: 'ipv4-compatible', addresses: [v4(b, 12)], outerCounts: false };
  // 64:ff9b::/96, the well-known NAT64 prefix (RFC 6052): the last 32 bits.
  if (w[0] === 0x64 && w[1] === 0xff9b && allZero(b, 4, 12)) return { form: 'nat64', addresses: [v4(b, 12)], outerCounts: false };
  // 64:ff9b:1::/48, the local-use NAT64 prefix (RFC 8215). The operator picks a prefix length from
  // /48 to /96 and the IPv4 address sits where RFC 6052 §2.2 puts it for that length (skipping the
  // "u" octet, bits 64–71), so every layout that fits must pass.
  if (w[0] === 0x64 && w[1] === 0xff9b && w[2] === 0x1) {
    const layouts = [
      [b[6]!, b[7]!, b[9]!, b[10]!], // /48
      [b[7]!, b[9]!, b[10]!, b[11]!], // /56
      [b[9]!, b[10]!, b[11]!, b[12]!], // /64
      [b[12]!, b[13]!, b[14]!, b[15]!], // /96
    ];
    return { form: 'nat64-local', addresses: layouts.map((o) => new ipaddr.IPv4(o)), outerCounts: false };
  }
  // 2002:AABB:CCDD::/48 (6to4, RFC 3056).
  if (w[0] === 0x2002) return { form: '6to4', addresses: [v4(b, 2)], outerCounts: false };
  // 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC (Teredo, RFC 4380): the server's address in clear, the
  // client's with every bit inverted.
  if (w[0] === 0x2001 && w[1] === 0) {
    const client = b.slice(12, 16).map((x) => x ^ 0xff);
    return { form: 'teredo', addresses: [v4(b, 4), new ipaddr.IPv4(client)], outerCounts: false };
  }
  return null;
}
