import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../domain/problems.ts';
import { FileGoneError, type FileStorage } from '../files/file-storage.ts';
import type { FileRow } from '../store/file-store.ts';
import { parseRange } from './byte-range.ts';
import { contentDisposition } from './content-disposition.ts';

// Sends a stored file's bytes, streamed from its driver: strong ETag (its sha256), If-None-Match →
// 304, one Range → 206 (If-Range honoured), 416 past the end, Content-Disposition with the file's
// name. The bytes never render as a page on the API's origin: attachment, nosniff, a sandboxing CSP.

export async function sendFileContent(req: FastifyRequest, reply: FastifyReply, storage: FileStorage, file: FileRow): Promise<FastifyReply> {
  const size = file.size ?? 0;
  const etag = `"${file.sha256}"`;
  reply.header('etag', etag).header('accept-ranges', 'bytes').header('cache-control', 'private, no-cache');
  const inm = req.headers['if-none-match'];
  if (inm?.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
  const ifRange = [req.headers['if-range']].flat()[0];
  const range = ifRange !== undefined && ifRange.trim() !== etag ? { kind: 'none' as const } : parseRange(req.headers.range, size);
  if (range.kind === 'unsatisfiable') {
    throw new ProblemError('range-not-satisfiable', `The file has ${size} bytes.`, { headers: { 'content-range': `bytes */${size}` } });
  }
  reply
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('content-disposition', contentDisposition(file.name));
  const read = (r?: { start: number; end: number }) =>
    storage.read(file, r).catch((err: unknown) => {
      if (err instanceof FileGoneError) throw new ProblemError('file-gone', `File ${file.id} was deleted.`);
      throw err;
    });
  if (range.kind === 'range') {
    const stream = await read(range);
    return reply
      .code(206)
      .type(file.contentType)
      .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
      .header('content-length', String(range.end - range.start + 1))
      .send(stream);
  }
  const stream = await read();
  return reply.code(200).type(file.contentType).header('content-length', String(size)).send(stream);
}
