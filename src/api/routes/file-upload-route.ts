import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PassThrough, type Readable } from 'node:stream';
import { ProblemError } from '../../domain/problems.ts';
import { fileNameProblem, mediaTypeProblem, uploadFile } from '../../operations/upload-file.ts';
import { fieldProblem } from '../../operations/submitter.ts';
import { drainRequest } from '../drain-request.ts';
import { fileDocument, type FileLinks } from '../file-links.ts';
import { JSON_CONTENT_TYPE } from '../task-document.ts';

// POST /v1/files, in its own encapsulated scope: none of the JSON parsers, but multipart/form-data
// (@fastify/multipart, the first file part) and any other media type taken as the raw file, both
// streamed into the file store without buffering. The body limit is `limits.uploadBytes`, counted as
// bytes arrive. A refused upload is answered only after the rest of its body was read and dropped
// (up to as much again), so a client still sending reads the problem instead of a reset connection.

interface UploadQuery {
  name?: string;
}

export async function fileUploadRoute(app: FastifyInstance, links: FileLinks): Promise<void> {
  const { config } = links;
  const limit = config.limits.uploadBytes;
  app.removeAllContentTypeParsers();
  await app.register(multipart, {
    // The limit is the file store's (the meter counts every byte); busboy's own would cut silently.
    limits: { fileSize: Number.POSITIVE_INFINITY, files: 1, fields: 20, fieldSize: 8192, parts: 25, headerPairs: 100 },
    throwFileSizeLimit: false,
  });
  // Everything that is not multipart is the file itself; the handler reads the stream.
  app.addContentTypeParser('*', (_req, _payload, done) => done(null));

  const refuse = async (req: FastifyRequest, problem: ProblemError): Promise<never> => {
    req.raw.unpipe();
    await drainRequest(req.raw, 2 * limit);
    throw problem;
  };

  app.post<{ Querystring: UploadQuery }>(
    '/v1/files',
    {
      schema: {
        operationId: 'uploadFile',
        summary: 'Upload a file',
        description:
          'The body is the file, with its own `Content-Type` and `?name=` (required), or `multipart/form-data` with one file part (its filename unless `?name=` is given). Streamed, at most `limits.uploadBytes` (413). `application/x-www-form-urlencoded` is refused (415): it is what curl sends unless told otherwise, not a file type. Names are plain file names (no `/`, `\\`, control characters). The file is kept `files.uploadRetentionSeconds` (`expiresAt`). Uploads are not part of batches.',
        tags: ['files'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 255, description: 'The file name (raw bodies: required).' } },
        },
        consumes: ['application/octet-stream', 'multipart/form-data', '*/*'],
        body: { description: 'The file’s bytes, or a multipart/form-data form with one file part.' },
        response: { 201: { description: 'Stored', content: { 'application/json': { schema: { $ref: 'File#' } } } } },
      },
      config: { auth: 'tenant', problems: ['payload-too-large', 'unsupported-media-type'] },
    },
    async (req, reply) => {
      const now = Date.now();
      const tenant = req.principal.tenant;
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > limit) {
        await refuse(req, new ProblemError('payload-too-large', `The body is ${declared} bytes, over the ${limit}-byte limit (limits.uploadBytes).`));
      }
      const contentType = (req.headers['content-type'] ?? '').trim();
      let name = req.query.name;
      let mediaType: string;
      let source: Readable;
      if (/^multipart\/form-data\b/i.test(contentType)) {
        let part: Awaited<ReturnType<FastifyRequest['file']>>;
        try {
          part = await req.file();
        } catch (err) {
          return refuse(req, new ProblemError('malformed-request', `The multipart body cannot be read: ${(err as Error).message}`));
        }
        if (!part) return refuse(req, fieldProblem('/body', 'a multipart upload needs one file part'));
        name ??= part.filename;
        mediaType = part.mimetype || 'application/octet-stream';
        source = part.file;
        // A body cut short makes the part's stream fail, whether or not it is read (a refused upload).
        source.on('error', () => {});
      } else {
        if (contentType === '') return refuse(req, new ProblemError('unsupported-media-type', 'Send the file’s Content-Type (or multipart/form-data).'));
        if (/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
          return refuse(
            req,
            new ProblemError('unsupported-media-type', 'A form-encoded body is not a file: send the file’s own Content-Type (curl: -H "Content-Type: …" --data-binary @file) or multipart/form-data (curl -F).'),
          );
        }
        mediaType = contentType;
        source = req.raw;
        if (name === undefined) return refuse(req, fieldProblem('/query/name', 'is required for a raw upload (multipart uploads may use the part’s filename)'));
      }
      const typeProblem = mediaTypeProblem(mediaType);
      if (typeProblem) return refuse(req, new ProblemError('unsupported-media-type', `Content-Type ${typeProblem}.`));
      const nameProblem = fileNameProblem(name ?? '');
      if (nameProblem) return refuse(req, fieldProblem(req.query.name !== undefined ? '/query/name' : '/body/filename', nameProblem));

      // The client's stream failing (it went away, a multipart body cut short — a part may even come
      // already failed, when busboy saw the whole body at once) is its mistake, not ours.
      // Piped, not pipeline(): a refused upload must not destroy the request (the socket with it)
      // before the rest of its body was drained and the problem sent.
      let sourceFailed: Error | null = null;
      const guarded = new PassThrough();
      const fail = (err: Error) => {
        sourceFailed = err;
        guarded.destroy(err);
      };
      source.on('error', fail);
      if (source.errored || (source.destroyed && !source.readableEnded)) fail((source.errored as Error) ?? new Error('the upload ended early'));
      else source.pipe(guarded);
      try {
        const file = await uploadFile(req.store, { tenant, name: name!, contentType: mediaType, source: guarded, now }, links);
        return reply
          .code(201)
          .header('location', `/v1/files/${file.id}`)
          .type(JSON_CONTENT_TYPE)
          .send(JSON.stringify(await fileDocument(links, file, Date.now())));
      } catch (err) {
        if (err instanceof ProblemError) return refuse(req, err);
        if (sourceFailed) return refuse(req, new ProblemError('malformed-request', `The upload ended early: ${(sourceFailed as Error).message}`));
        throw err;
      }
    },
  );
}
