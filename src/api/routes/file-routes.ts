import type { FastifyInstance } from 'fastify';
import { loadFile } from '../../operations/file-lookup.ts';
import { deleteFile } from '../../operations/delete-file.ts';
import { openDownload } from '../../operations/download-file.ts';
import { listFiles } from '../../operations/list-files.ts';
import { currentIdPattern } from '../../domain/ids.ts';
import { tenantScope } from '../plugins/auth.ts';
import { sendFileContent } from '../file-content.ts';
import { fileDocument, type FileLinks } from '../file-links.ts';
import { fileUploadRoute } from './file-upload-route.ts';

// The files API: upload (its own scope: file-upload-route.ts), metadata, content, list, delete, and
// the signed download links (`public`: the token is the authority).

const fileIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', description: 'File id (`fil_…`); a malformed or unknown id is 404.' } },
} as const;

const fileResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: 'File#' } } } });

const contentResponses = {
  200: { description: 'The bytes', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
  206: { description: 'The requested range', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
  304: { description: 'Not modified (`If-None-Match` matched the ETag)', type: 'null' },
} as const;

const contentHeaders = {
  type: 'object',
  properties: {
    range: { type: 'string', description: 'One range, `bytes=<first>-<last>`, `bytes=<first>-` or `bytes=-<suffix length>`.' },
    'if-range': { type: 'string' },
    'if-none-match': { type: 'string' },
  },
} as const;

const CONTENT_RULES =
  'Strong `ETag` (the sha256, quoted), `If-None-Match` → 304, one `Range` → 206 (`If-Range` honoured), 416 past the end, `Content-Disposition: attachment` with the name (RFC 6266 `filename*`).';

export async function fileRoutes(app: FastifyInstance, links: FileLinks): Promise<void> {
  const { storage, config } = links;
  app.addSchema((await import('../file-links.ts')).fileSchema);

  await app.register(async (scope) => fileUploadRoute(scope, links));

  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/v1/files',
    {
      schema: {
        operationId: 'listFiles',
        summary: 'List files',
        description: 'Uploads and files tasks produced, newest first, cursor-paginated.',
        tags: ['files'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: config.limits.pageSizeMax, default: config.limits.pageSizeDefault },
            cursor: { type: 'string', minLength: 1, maxLength: 128, pattern: `^[0-9]{1,16}\\.${currentIdPattern('fil')}$`, description: '`nextCursor` of the previous page.' },
          },
        },
        response: {
          200: {
            description: 'A page of files',
            type: 'object',
            required: ['items', 'nextCursor'],
            properties: { items: { type: 'array', items: { $ref: 'File#' } }, nextCursor: { type: ['string', 'null'] } },
          },
        },
      },
      config: { auth: 'tenant' },
    },
    async (req) => {
      const page = await listFiles(req.store, { tenant: tenantScope(req.principal), limit: req.query.limit, cursor: req.query.cursor });
      const now = Date.now();
      return { items: await Promise.all(page.files.map((f) => fileDocument(links, f, now))), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/files/:id',
    {
      schema: {
        operationId: 'getFile',
        summary: 'Get a file’s metadata',
        description: 'With a fresh signed download link (`href`).',
        tags: ['files'],
        params: fileIdParams,
        response: { 200: fileResponse('The file') },
      },
      config: { auth: 'tenant', problems: ['file-not-found', 'file-gone'] },
    },
    async (req) => fileDocument(links, await loadFile(req.store, tenantScope(req.principal), req.params.id), Date.now()),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/files/:id/content',
    {
      schema: {
        operationId: 'getFileContent',
        summary: 'Download a file (API key)',
        description: CONTENT_RULES,
        tags: ['files'],
        params: fileIdParams,
        headers: contentHeaders,
        response: contentResponses,
      },
      config: { auth: 'tenant', problems: ['file-not-found', 'file-gone', 'range-not-satisfiable'] },
    },
    async (req, reply) => sendFileContent(req, reply, storage, await loadFile(req.store, tenantScope(req.principal), req.params.id)),
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/files/:id',
    {
      schema: {
        operationId: 'deleteFile',
        summary: 'Delete a file',
        description: 'Its bytes are removed and its links answer 410 from now on; so does its id. A file that a pending, queued or running task was submitted with (an `import` or `lomo` input) is held by it: 409 `file-held` names the tasks.',
        tags: ['files'],
        params: fileIdParams,
        response: { 204: { description: 'Deleted', type: 'null' } },
      },
      config: { auth: 'tenant', problems: ['file-not-found', 'file-gone', 'file-held'] },
    },
    async (req, reply) => {
      await deleteFile(req.store, storage, { tenant: tenantScope(req.principal), id: req.params.id });
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { token: string } }>(
    '/v1/downloads/:token',
    {
      schema: {
        operationId: 'download',
        summary: 'Download a file through a signed link',
        description: `No API key: the signed token is the authority, so a browser can follow the link. A malformed or tampered token is 404, an expired link or a deleted file 410. ${CONTENT_RULES}`,
        tags: ['files'],
        params: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
        headers: contentHeaders,
        response: contentResponses,
      },
      config: { auth: 'public', problems: ['download-not-found', 'download-expired', 'file-gone', 'range-not-satisfiable', 'service-unavailable'] },
    },
    async (req, reply) => {
      const file = await openDownload(req.store, { token: req.params.token, now: Date.now() }, { keys: await links.keys() });
      return sendFileContent(req, reply, storage, file);
    },
  );
}
