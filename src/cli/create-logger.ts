import { pino, type Logger } from 'pino';
import type { Config } from '../config/defaults.ts';

// The process's logger: JSON lines on stdout. Secrets never reach it, whoever logs them: API keys
// and idempotency keys in headers, and the query string of any URL (a callback URL's ?token=, a
// list query's values), which stays only as `?[redacted]`.

const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'headers["idempotency-key"]',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers["idempotency-key"]',
  'req.headers.cookie',
  'idempotencyKey',
  '*.idempotencyKey',
  'url',
  '*.url',
  'callbackUrl',
  '*.callbackUrl',
];

function censor(value: unknown, path: string[]): unknown {
  const field = path.at(-1) ?? '';
  if (/url$/i.test(field) && typeof value === 'string') {
    const q = value.indexOf('?');
    return q < 0 ? value : `${value.slice(0, q)}?[redacted]`;
  }
  return '[redacted]';
}

export function createLogger(config: Readonly<Config>): Logger {
  return pino({ level: config.logLevel, base: { pid: process.pid }, redact: { paths: REDACT_PATHS, censor } });
}
