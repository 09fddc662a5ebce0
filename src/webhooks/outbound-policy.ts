import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { embeddedIPv4 } from './embedded-ipv4.ts';

// Which outgoing webhook targets are allowed (docs/webhooks.md § Outbound safety): https only unless configured, no
// userinfo, no `localhost` name, and every address the host resolves to must be public unicast —
// an IPv6 address that embeds IPv4 (mapped, compatible, NAT64, 6to4, Teredo, ISATAP) is judged by
// what it embeds. An operator allow-list of hosts or CIDRs lets matching targets be private and
// plain http (tests on 127.0.0.1, LAN installs).

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
      } else list.hosts.add(hostKey(entry));
    }
    allowLists.set(policy.allow, list);
  }
  return list;
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

function inCidrs(ip: Address, list: AllowList): boolean {
  for (const [net, bits] of list.cidrs) {
    if (net.kind() === ip.kind() && ip.match(net as never, bits)) return true;
  }
  return false;
}

/**
 * Whether the address may be connected to: allow-listed as it is, or public unicast; an IPv6
 * address that embeds IPv4 passes only if every address it embeds does (each one public or
 * allow-listed), and, where its prefix can be anything (ISATAP), its own range passes too.
 */
function passes(ip: Address, list: AllowList | null): boolean {
  if (list && inCidrs(ip, list)) return true;
  if (ip.kind() === 'ipv4') return ip.range() === 'unicast';
  const embedding = embeddedIPv4(ip as ipaddr.IPv6);
  if (!embedding) return ip.range() === 'unicast';
  if (embedding.outerCounts && ip.range() !== 'unicast') return false;
  return embedding.addresses.every((a) => passes(a, list));
}

export function isPublicAddress(address: string): boolean {
  return ipaddr.isValid(address) && passes(ipaddr.parse(address), null);
}

function isAllowedAddress(address: string, list: AllowList): boolean {
  return ipaddr.isValid(address) && passes(ipaddr.parse(address), list);
}

/** Allow-listed explicitly, by CIDR (or the address it embeds), not by being public. */
function inAllowList(address: string, list: AllowList): boolean {
  if (!ipaddr.isValid(address) || list.cidrs.length === 0) return false;
  const ip = ipaddr.parse(address);
  if (inCidrs(ip, list)) return true;
  const embedding = ip.kind() === 'ipv6' ? embeddedIPv4(ip as ipaddr.IPv6) : null;
  return embedding?.addresses.every((a) => inCidrs(a, list)) === true;
}

/** Host names compare without case and without the root's trailing dot (`LocalHost.` is `localhost`). */
function hostKey(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

/** `localhost` and every name under it are loopback by definition (RFC 6761 §6.3), whatever DNS says. */
function isLocalhostName(host: string): boolean {
  const key = hostKey(host);
  return key === 'localhost' || key.endsWith('.localhost');
}

/** The URL's host without IPv6 brackets, lower-cased. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/**
 * What can be judged without DNS (at registration): scheme, userinfo, a literal address and the
 * `localhost` names. Any other host name still has to pass `checkAddresses` at every attempt.
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
  const hostAllowed = list.hosts.has(hostKey(host)) || (isIP(host) !== 0 && inAllowList(host, list));
  if (!hostAllowed && isLocalhostName(host)) return { ok: false, reason: `${host} is a loopback name` };
  if (url.protocol === 'http:' && !policy.allowHttp && !hostAllowed && isIP(host) !== 0) {
    return { ok: false, reason: 'plain http is not allowed; use https' };
  }
  if (url.protocol === 'http:' && !policy.allowHttp && !hostAllowed && list.cidrs.length === 0) {
    return { ok: false, reason: 'plain http is not allowed; use https' };
  }
  if (isIP(host) !== 0 && !hostAllowed && !isAllowedAddress(host, list)) {
    return { ok: false, reason: `the address ${host} is not public` };
  }
  return { ok: true, url };
}

/** Every resolved address must be public (or allow-listed); plain http only where allowed. */
export function checkAddresses(url: URL, addresses: string[], policy: OutboundPolicy): { ok: true } | Refusal {
  if (addresses.length === 0) return { ok: false, reason: 'the host did not resolve' };
  const list = allowListOf(policy);
  const host = hostOf(url);
  const hostAllowed = list.hosts.has(hostKey(host));
  for (const address of addresses) {
    if (hostAllowed) continue;
    if (!isAllowedAddress(address, list)) return { ok: false, reason: `${host} resolves to ${address}, which is not public` };
  }
  if (url.protocol === 'http:' && !policy.allowHttp && !hostAllowed && !addresses.every((a) => inAllowList(a, list))) {
    return { ok: false, reason: 'plain http is not allowed; use https' };
  }
  return { ok: true };
}
