import { hash } from 'node:crypto';

/** API keys are stored only as this hash; a key is high-entropy, so a plain sha256 suffices (no salt/KDF). */
export function apiKeyHash(key: string): string {
  return hash('sha256', key, 'hex');
}
