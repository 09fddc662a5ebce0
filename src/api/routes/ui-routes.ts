import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

// The web pages under /ui: the operator dashboard (/ui) and the demo export page (/ui/export-demo).
// They are static files (web/) served by the service itself — no CDN, nothing fetched at run time —
// and talk only to the public API, with the API key the user typed, kept in the tab's
// sessionStorage. The two libraries they use (Preact and htm, no build step) are served from
// node_modules under /ui/vendor, by name, through an import map.
//
// Every page is sent with a strict Content-Security-Policy: scripts only from this origin plus the
// one inline import map (by its hash), no inline handlers, no framing, requests only to this origin.

const WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));

/** Served library files, by the name the pages import them under. */
const VENDOR: Record<string, string> = {
  'preact.mjs': 'preact',
  'hooks.mjs': 'preact/hooks',
  'htm.mjs': 'htm',
};

const IMPORT_MAP = JSON.stringify({
  imports: { preact: '/ui/vendor/preact.mjs', 'preact/hooks': '/ui/vendor/hooks.mjs', htm: '/ui/vendor/htm.mjs' },
});
const IMPORT_MAP_HASH = createHash('sha256').update(IMPORT_MAP).digest('base64');

const CSP = [
  "default-src 'none'",
  `script-src 'self' 'sha256-${IMPORT_MAP_HASH}'`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function page(title: string, entry: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ui/assets/styles.css">
<script type="importmap">${IMPORT_MAP}</script>
<script type="module" src="/ui/assets/${entry}"></script>
</head>
<body>
<noscript>This page needs JavaScript.</noscript>
<div id="app"></div>
</body>
</html>
`;
}

const PAGES = {
  dashboard: page('Offload', 'dashboard/main.js'),
  exportDemo: page('Export · Offload', 'export-demo/main.js'),
};

function sendPage(reply: FastifyReply, html: string) {
  return reply
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache')
    .type('text/html; charset=utf-8')
    .send(html);
}

export async function uiRoutes(app: FastifyInstance): Promise<void> {
  // Pages and their files are public: they hold no data; the data comes from the API with a key.
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, auth: route.config?.auth ?? 'public' };
  });
  const hide = { hide: true };

  app.get('/ui', { schema: hide }, async (_req, reply) => sendPage(reply, PAGES.dashboard));
  app.get('/ui/', { schema: hide }, async (_req, reply) => reply.redirect('/ui', 301));
  app.get('/ui/export-demo', { schema: hide }, async (_req, reply) => sendPage(reply, PAGES.exportDemo));

  const vendor = new Map(Object.entries(VENDOR).map(([name, path]) => [name, readFileSync(fileURLToPath(import.meta.resolve(path)), 'utf8')]));
  app.get<{ Params: { name: string } }>('/ui/vendor/:name', { schema: hide }, async (req, reply) => {
    const body = vendor.get(req.params.name);
    if (body === undefined) return reply.callNotFound();
    return reply.header('cache-control', 'public, max-age=3600').type('text/javascript; charset=utf-8').send(body);
  });

  await app.register(fastifyStatic, {
    root: WEB_ROOT,
    prefix: '/ui/assets/',
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    cacheControl: true,
    maxAge: 0,
    setHeaders: (reply) => {
      reply.header('x-content-type-options', 'nosniff');
    },
  });
}
