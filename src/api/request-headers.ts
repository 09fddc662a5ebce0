import type { FastifyRequest } from 'fastify';

/** How often a header field appears. Node folds or drops duplicates, so only rawHeaders tells. */
export function headerCount(req: FastifyRequest, name: string): number {
  const raw = req.raw.rawHeaders;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) count++;
  return count;
}
