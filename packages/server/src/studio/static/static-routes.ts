import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { StudioError } from '../studio-error.ts';

/** packages/studio/dist, found from this file (packages/server/src/studio/static/). */
export const DEFAULT_STUDIO_DIST = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../studio/dist',
);

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const NOT_BUILT =
  'The Studio is not built on this server: run `npm run build:studio` in the Flowgate folder, then reload this page.';

/**
 * The built Studio under /studio/: files as they are (hashed /studio/assets/* cached for a year),
 * index.html for every other path (the browser router's pages), 503 when the build is missing.
 * GET / from a browser goes to /studio/; everything else about / (GraphQL) is untouched.
 */
export function registerStaticRoutes(app: FastifyInstance, dist: string): void {
  const root = path.resolve(dist);

  app.get('/', async (request, reply) => {
    const accept = request.headers.accept ?? '';
    const query = request.query as Record<string, unknown> | undefined;
    if (accept.includes('text/html') && query?.query === undefined) return reply.redirect('/studio/', 302);
    return reply.callNotFound();
  });

  app.get('/studio', async (_request, reply) => reply.redirect('/studio/', 301));

  app.get<{ Params: { '*': string } }>('/studio/*', async (request, reply) => {
    const relative = request.params['*'];
    if (relative === 'api' || relative.startsWith('api/')) {
      const error = StudioError.notFound(
        `No Studio API route ${request.method} ${request.url.split('?')[0]}; the routes are listed in studio/contract.ts.`,
      );
      return reply.code(404).send(error.body());
    }
    const file = await fileIn(root, relative);
    if (file) {
      const cache = relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      return sendFile(reply, file, cache);
    }
    if (path.extname(relative) !== '' || relative.startsWith('assets/')) {
      return reply.code(404).type('text/plain; charset=utf-8').send(`No Studio file /studio/${relative}.`);
    }
    const index = await fileIn(root, 'index.html');
    if (!index) return reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
    return sendFile(reply, index, 'no-cache');
  });
}

/** The regular file at `relative` inside `root`, or undefined (missing, a folder, or outside root). */
async function fileIn(root: string, relative: string): Promise<{ path: string; size: number } | undefined> {
  if (relative === '' || relative.includes('\0')) return undefined;
  const full = path.resolve(root, relative);
  if (!full.startsWith(root + path.sep)) return undefined;
  const info = await stat(full).catch(() => undefined);
  return info?.isFile() ? { path: full, size: info.size } : undefined;
}

/**
 * The page's policy: its own scripts only (Vite emits no inline script), no framing (clickjacking on the
 * key and deploy buttons), API calls to this origin only. Inline styles stay allowed: React Flow positions
 * nodes with them.
 */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
    "frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

function sendFile(reply: FastifyReply, file: { path: string; size: number }, cache: string): FastifyReply {
  const extension = path.extname(file.path).toLowerCase();
  if (extension === '.html') reply.headers(PAGE_HEADERS);
  return reply
    .header('cache-control', cache)
    .header('content-length', file.size)
    .header('x-content-type-options', 'nosniff')
    .type(TYPES[extension] ?? 'application/octet-stream')
    .send(createReadStream(file.path));
}
