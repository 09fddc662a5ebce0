import { createHmac, randomBytes } from 'node:crypto';

// Standard Webhooks symmetric signatures (docs/webhooks.md § Signatures): secrets are `whsec_` + base64 of 32
// random bytes; `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed with the decoded bytes.

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function signPayload(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  const mac = createHmac('sha256', key).update(`${messageId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The `webhook-signature` value: the current secret, plus the previous one while its overlap lasts. */
export function signatureHeader(
  secrets: { secret: string; previousSecret: string | null; previousSecretExpiresAt: number | null },
  messageId: string,
  timestampSeconds: number,
  body: string,
  now: number,
): string {
  const entries = [signPayload(secrets.secret, messageId, timestampSeconds, body)];
  if (secrets.previousSecret && (secrets.previousSecretExpiresAt ?? 0) > now) {
    entries.push(signPayload(secrets.previousSecret, messageId, timestampSeconds, body));
  }
  return entries.join(' ');
}
