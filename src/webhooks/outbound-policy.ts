import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

// Which outgoing webhook targets are allowed (STANDARDS.md §8): https only unless configured, no
// userinfo, and every address the host resolves to must be public unicast — judged by the embedded
// IPv4 for IPv4-mapped, NAT64 and 6to4 addresses. An operator allow-list of hosts or CIDRs lets
// matching targets be private and plain http (tests on 127.0.0.1, LAN installs).

export interface OutboundPolicy {
  allow: readonly string[];
  allowHttp: boolean;
}

export type Refusal = { ok: false; reason: string };

interface AllowList {
  hosts: Set<string>;
  cidrs: [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

const allowLists = new WeakMap<readonly string[], AllowList>();

function allowListOf(policy: OutboundPolicy): AllowList {
  let list = allowLists.get(policy.allow);
  if (!list) {
    list = { hosts: new Set(), cidrs: [] };
    for (const raw of policy.allow) {
      const entry = raw.trim().toLowerCase();
      if (!entry) continue;
      if (entry.includes('/')) list.cidrs.push(ipaddr.parseCIDR(entry));
      else if (ipaddr.isValid(entry)) {
        const ip = ipaddr.parse(entry);
        list.cidrs.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
      } else list.hosts.add(entry);
    }
    allowLists.set(policy.allow, list);
  }
  return list;
}

/** The address that decides: the embedded IPv4 of mapped, NAT64 and 6to4 IPv6 addresses. */
function effective(ip: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  if (ip.kind() !== 'ipv6') return ip;
  const v6 = ip as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  const range = v6.range();
  const bytes = v6.toByteArray();
  // 64:ff9b::/96 (NAT64, RFC 6052) and ::ffff:0:0:0/96 (RFC 6145): the last 32 bits.
  if (range === 'rfc6052' || range === 'rfc6145') return ipaddr.fromByteArray(bytes.slice(12)) as ipaddr.IPv4;
  // 2002:AABB:CCDD::/48 (6to4): bits 16–48.
  if (range === '6to4') return ipaddr.fromByteArray(bytes.slice(2, 6)) as ipaddr.IPv4;
  return v6;
}

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const ip = effective(ipaddr.parse(address));
  return ip.range() === 'unicast';
}

function inAllowList(address: string, list: AllowList): boolean {
  if (!ipaddr.isValid(address)) return false;
  const raw = ipaddr.parse(address);
  for (const ip of new Set([raw, effective(raw)])) {
    for (const [net, bits] of list.cidrs) {
      if (net.kind() === ip.kind() && ip.match(net as never, bits)) return true;
    }
  }
  return false;
}

/** The URL's host without IPv6 brackets, lower-cased. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/**
 * What can be judged without DNS (at registration): scheme, userinfo, and a literal address.
 * A host name still has to pass `checkAddresses` at every attempt.
 */
export function checkUrl(raw: string, policy: OutboundPolicy): { ok: true; url: URL } | Refusal {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a valid absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'the scheme must be https' };
  if (url.username || url.password) return { ok: false, reason: 'the URL must not contain credentials' };
  const host = hostOf(url);
  const list = allowListOf(policy);
  const hostAllowed = list.hosts.has(host) || (isIP(host) !== 0 && inAllowList(host, list));
  if (url.protocol === 'http:' && !policy.allowHttp && !hostAllowed && isIP(host) !== 0) {
    return { ok: false, reason: 'plain http is not allowed; use https' };
  }
  if (url.protocol === 'http:' && !policy.allowHttp && !hostAllowed && list.cidrs.length === 0) {
    return { ok: false, reason: 'plain http is not allowed; use https' };
  }
  if (isIP(host) !== 0 && !hostAllowed && !isPublicAddress(host)) {
    return { ok: false, reason: `the address ${host} is not public` };
  }
  return { ok: true, url };
}

/** Every resolved address must be public (or allow-listed); plain http only where allowed. */
export function checkAddresses(url: URL, addresses: string[], policy: OutboundPolicy): { ok: true } | Refusal {
  if (addresses.length === 0) return { ok: false, reason: 'the host did not resolve' };
  const list = allowListOf(policy);
  const host = hostOf(url);
  const hostAllowed = list.hosts.has(host);
  for (const address of addresses) {
    if (hostAllowed || inAllowList(address, list)) continue;
    if (!isPublicAddress(address)) return { ok: false, reason: `${host} resolves to ${address}, which is not public` };
  }
  if (url.protocol === 'http:' && !policy.allowHttp && !hostAllowed && !addresses.every((a) => inAllowList(a, list))) {
    return { ok: false, reason: 'plain http is not allowed; use https' };
  }
  return { ok: true };
}
