import ipaddr from 'ipaddr.js';

// The two string formats of the config schema that a pattern cannot say well.

/** `database` names PostgreSQL by a postgres:// or postgresql:// URL; anything else is a SQLite path. */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

/** A SQLite path, or a postgres:// / postgresql:// URL that parses. Any other `scheme://` is refused
 * rather than taken as a file name (`mysql://x/y` would otherwise become a SQLite file). */
export function isDatabase(value: string): boolean {
  if (isPostgresUrl(value)) return URL.canParse(value);
  return value.trim() !== '' && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value);
}

const HOST_LABEL = '[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?';
const HOST_NAME = new RegExp(`^(?=.{1,253}$)${HOST_LABEL}(?:\\.${HOST_LABEL})*\\.?$`);

/** Only the usual spellings: ipaddr.js also takes `10` or `0x7f.1` as IPv4, which nobody means. */
function isAddress(value: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv6.isValid(value);
}

/**
 * A `webhooks.allow` entry as the outbound policy reads it: a CIDR, an address, or an exact host
 * name (no wildcards: the policy matches host names exactly).
 */
export function isHostOrCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash >= 0) return isAddress(value.slice(0, slash)) && ipaddr.isValidCIDR(value);
  if (isAddress(value)) return true;
  // Dotted digits that are not an address are a typo of one, not a host name.
  if (/^[\d.]+$/.test(value)) return false;
  return HOST_NAME.test(value);
}
