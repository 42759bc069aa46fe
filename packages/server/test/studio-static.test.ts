import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerStaticRoutes } from '../src/studio/static/static-routes.ts';
import { EXECUTE_QUERY, startTestServer, type TestServer } from './support/test-server.ts';

const INDEX = '<!doctype html><title>Flowgate Studio</title><div id="root"></div>';

async function serve(dist: string): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  registerStaticRoutes(app, dist);
  return { app, url: await app.listen({ port: 0, host: '127.0.0.1' }) };
}

describe('Studio pages', () => {
  let dist: string;
  let built: { app: FastifyInstance; url: string };
  let missing: { app: FastifyInstance; url: string };

  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'flowgate-studio-dist-'));
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'index.html'), INDEX);
    await writeFile(path.join(dist, 'assets', 'index-abc123.js'), 'console.log("studio")');
    await writeFile(path.join(dist, 'favicon.svg'), '<svg/>');
    await writeFile(path.join(tmpdir(), 'flowgate-outside.txt'), 'outside');
    built = await serve(dist);
    missing = await serve(path.join(dist, 'not-built'));
  });
  afterAll(async () => {
    await built.app.close();
    await missing.app.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('serves files, with a long cache for hashed assets only', async () => {
    const asset = await fetch(`${built.url}/studio/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log("studio")');
    const icon = await fetch(`${built.url}/studio/favicon.svg`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers index.html for the router’s pages, 404 for missing files, and never leaves the folder', async () => {
    for (const page of ['/studio/', '/studio/projects/p1/logs', '/studio/login']) {
      const response = await fetch(`${built.url}${page}`);
      expect(response.status, page).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      // Its own scripts only, never framed (the key and deploy buttons cannot be clickjacked).
      expect(response.headers.get('content-security-policy')).toMatch(
        /script-src 'self';.*frame-ancestors 'none'/,
      );
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(await response.text()).toBe(INDEX);
    }
    expect((await fetch(`${built.url}/studio/assets/gone.js`)).status).toBe(404);
    expect((await fetch(`${built.url}/studio/%2e%2e/flowgate-outside.txt`)).status).toBe(404);
    const redirect = await fetch(`${built.url}/studio`, { redirect: 'manual' });
    expect(redirect.headers.get('location')).toBe('/studio/');
  });

  it('answers 503 with the build command when the Studio is not built', async () => {
    const response = await fetch(`${missing.url}/studio/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:studio');
  });
});

describe('GET / and the GraphQL endpoint beside the Studio', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('sends a browser from / to /studio/', async () => {
    const response = await fetch(`${server.url}/`, {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/studio/');
  });

  it('leaves GraphQL at / as it was: POST runs, GET without a browser or with a query is not redirected', async () => {
    const post = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: EXECUTE_QUERY, variables: { workflowId: 'x' } }),
    });
    expect(post.status).toBe(401);
    expect(((await post.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    const api = await fetch(`${server.url}/`, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
    });
    expect(api.status).toBe(404);
    expect(
      ((await api.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
    ).toBe('NOT_FOUND');
    const withQuery = await fetch(`${server.url}/?query=%7B__typename%7D`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    expect(withQuery.status).not.toBe(302);
  });

  it('serves the Studio API under /studio/api on the real server', async () => {
    const response = await fetch(`${server.url}/studio/api/session`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ setupRequired: true, user: null });
  });
});
