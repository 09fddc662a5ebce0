// `Content-Disposition` for a download (RFC 6266): an ASCII `filename` for old clients and the real
// name as `filename*` (RFC 8187, UTF-8, percent-encoded) for everyone else. Always `attachment`: a
// file a client uploaded must never render as a page on the API's origin.

export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
