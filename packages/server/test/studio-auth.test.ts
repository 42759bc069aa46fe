import type { FastifyReply, FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashPassword } from '../src/studio/auth/password.ts';
import type { ProjectView, SessionView, StudioErrorBody } from '../src/studio/contract.ts';
import { setSessionCookie } from '../src/studio/http/session-cookie.ts';
import { StudioClient } from './support/studio-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

// Counts the scrypt hashes the server computes; they still run for real.
vi.mock('../src/studio/auth/password.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/studio/auth/password.ts')>();
  return { ...actual, hashPassword: vi.fn(actual.hashPassword) };
});

const EMAIL = 'Owner@Example.com';
const PASSWORD = 'correct horse battery';

describe('Studio accounts, sessions and CSRF', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('asks for setup first, refuses bad setup forms with their fields, then sets up once', async () => {
    const client = new StudioClient(server.url);
    expect((await client.get<SessionView>('/session')).body).toEqual({ setupRequired: true, user: null });

    const bad = await client.post<StudioErrorBody>('/setup', { email: 'not-an-email', password: 'short' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    expect(bad.body.error.fields?.map((field) => field.path).sort()).toEqual(['email', 'password']);
    expect(bad.body.error.fields?.find((field) => field.path === 'password')?.message).toMatch(
      /10 characters/,
    );

    const created = await client.post<SessionView>('/setup', { email: EMAIL, password: PASSWORD });
    expect(created.status).toBe(200);
    expect(created.body.user?.email).toBe('owner@example.com');
    expect((await client.get<SessionView>('/session')).body).toMatchObject({
      setupRequired: false,
      user: { email: 'owner@example.com' },
    });

    const again = await new StudioClient(server.url).post<StudioErrorBody>('/setup', {
      email: 'other@example.com',
      password: PASSWORD,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('SETUP_DONE');
    const anonymous = await new StudioClient(server.url).get<SessionView>('/session');
    expect(anonymous.body).toEqual({ setupRequired: false, user: null });
  });

  it('refuses setup once done without hashing the password', async () => {
    const hashes = vi.mocked(hashPassword).mock.calls.length;
    const again = await new StudioClient(server.url).post<StudioErrorBody>('/setup', {
      email: 'late@example.com',
      password: PASSWORD,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('SETUP_DONE');
    expect(vi.mocked(hashPassword).mock.calls.length).toBe(hashes);
  });

  it('refuses a wrong password and an unknown email alike, and sets a strict cookie on login', async () => {
    const client = new StudioClient(server.url);
    const wrong = await client.post<StudioErrorBody>('/login', { email: EMAIL, password: 'wrong password!' });
    const unknown = await client.post<StudioErrorBody>('/login', {
      email: 'nobody@example.com',
      password: PASSWORD,
    });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('INVALID_CREDENTIALS');
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    expect(unknown.body.error.message).toBe(wrong.body.error.message);

    const login = await client.post<SessionView>('/login', {
      email: 'OWNER@example.com',
      password: PASSWORD,
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^flowgate_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/studio');
    expect(cookie).toContain(`Max-Age=${7 * 24 * 3600}`);
    expect(cookie).not.toContain('Secure');
    expect((await client.get('/projects')).status).toBe(200);
  });

  it('marks the cookie Secure when the request came over https', () => {
    const headers: Record<string, string> = {};
    const reply = { header: (name: string, value: string) => (headers[name] = value) };
    const https = { protocol: 'https' } as unknown as FastifyRequest;
    setSessionCookie(https, reply as unknown as FastifyReply, 'token', 1000 + 60_000, 1000, undefined);
    expect(headers['set-cookie']).toMatch(
      /^flowgate_session=token; Max-Age=60; .*; Path=\/studio; HttpOnly; SameSite=Strict; Secure$/,
    );
  });

  it('slows down repeated failures for one email', async () => {
    const client = new StudioClient(server.url);
    const email = 'slow@example.com';
    for (let attempt = 0; attempt < 4; attempt++)
      await client.post('/login', { email, password: 'wrong password' });
    const started = performance.now();
    const late = await client.post('/login', { email, password: 'wrong password' });
    expect(late.status).toBe(401);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('counts parallel guesses as they start, so later ones wait longer', async () => {
    const email = 'parallel@example.com';
    const timings = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const started = performance.now();
        const response = await new StudioClient(server.url).post('/login', {
          email,
          password: 'wrong guess',
        });
        expect(response.status).toBe(401);
        return performance.now() - started;
      }),
    );
    // Three free attempts, then 250, 500 and 1000 ms: each guess saw the ones started before it.
    const [, , , fourth, fifth, sixth] = timings.sort((a, b) => a - b);
    expect(fourth).toBeGreaterThanOrEqual(240);
    expect(fifth).toBeGreaterThanOrEqual(490);
    expect(sixth).toBeGreaterThanOrEqual(990);
  });

  it('answers 401 UNAUTHENTICATED without a session, and after logout', async () => {
    const anonymous = new StudioClient(server.url);
    for (const path of ['/projects', '/node-kinds', '/projects/x/flows', '/projects/x/runs']) {
      const response = await anonymous.get<StudioErrorBody>(path);
      expect(response.status, path).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    }
    const forged = new StudioClient(server.url);
    forged.cookie = 'flowgate_session=made-up-token';
    expect((await forged.get('/projects')).status).toBe(401);

    const client = new StudioClient(server.url);
    await client.post('/login', { email: EMAIL, password: PASSWORD });
    const kept = client.cookie;
    const logout = await client.post<{ ok: boolean }>('/logout');
    expect(logout.body).toEqual({ ok: true });
    expect(logout.headers.get('set-cookie')).toMatch(/^flowgate_session=; Max-Age=0/);
    const replay = new StudioClient(server.url);
    replay.cookie = kept;
    expect((await replay.get('/projects')).status).toBe(401);
  });

  it('refuses changing requests without the Studio header, JSON type or with a cross-site Origin', async () => {
    const client = new StudioClient(server.url);
    await client.post('/login', { email: EMAIL, password: PASSWORD });
    const url = `${server.url}/studio/api/projects`;
    const cookie = client.cookie ?? '';
    const attempts: RequestInit[] = [
      { headers: { cookie, 'content-type': 'application/json' } },
      { headers: { cookie, 'content-type': 'text/plain', 'x-flowgate-studio': '1' } },
      { headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-flowgate-studio': '1' } },
      {
        headers: {
          cookie,
          'content-type': 'application/json',
          'x-flowgate-studio': '1',
          origin: 'https://evil.example',
        },
      },
    ];
    for (const init of attempts) {
      const response = await fetch(url, { method: 'POST', body: JSON.stringify({ name: 'x' }), ...init });
      expect(response.status).toBe(403);
      expect(((await response.json()) as StudioErrorBody).error.code).toBe('CSRF_REJECTED');
    }
    // Login is a change too: a cross-site form cannot log someone in.
    const login = await fetch(`${server.url}/studio/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `email=${EMAIL}&password=${PASSWORD}`,
    });
    expect(login.status).toBe(403);
    const sameOrigin = await client.call(
      'POST',
      '/projects',
      { name: 'Same origin' },
      { origin: server.url },
    );
    expect(sameOrigin.status).toBe(200);
  });

  it('answers bad JSON and unknown API routes with the Studio error body', async () => {
    const client = new StudioClient(server.url);
    await client.post('/login', { email: EMAIL, password: PASSWORD });
    const broken = await fetch(`${server.url}/studio/api/projects`, {
      method: 'POST',
      headers: { cookie: client.cookie ?? '', 'content-type': 'application/json', 'x-flowgate-studio': '1' },
      body: '{"name":',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as StudioErrorBody).error.code).toBe('BAD_REQUEST');
    const missing = await client.get<StudioErrorBody>('/no-such-route');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });
});

describe('Studio behind an https proxy (a public URL is configured)', () => {
  const PUBLIC_ORIGIN = 'https://flowgate.example.com';
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ publicUrl: `${PUBLIC_ORIGIN}/` });
  });
  afterAll(() => server.close());

  it('marks the session cookie Secure though the proxy forwards plain http', async () => {
    const client = new StudioClient(server.url);
    const setup = await client.post<SessionView>('/setup', { email: EMAIL, password: PASSWORD });
    expect(setup.status).toBe(200);
    expect(setup.headers.get('set-cookie')).toMatch(/; Secure$/);
    const logout = await client.post('/logout');
    expect(logout.headers.get('set-cookie')).toMatch(/^flowgate_session=; .*; Secure$/);
  });

  it('accepts changes only from the public origin: scheme, host and port', async () => {
    const client = new StudioClient(server.url);
    await client.post('/login', { email: EMAIL, password: PASSWORD });
    // The first matches the Host header, which is not enough once a public URL is set.
    for (const origin of [server.url, 'http://flowgate.example.com', `${PUBLIC_ORIGIN}:8443`]) {
      const refused = await client.call<StudioErrorBody>('POST', '/projects', { name: 'x' }, { origin });
      expect(refused.status, origin).toBe(403);
      expect(refused.body.error.code).toBe('CSRF_REJECTED');
      expect(refused.body.error.message).toContain(`Open the Studio at ${PUBLIC_ORIGIN}`);
    }
    const accepted = await client.call<ProjectView>(
      'POST',
      '/projects',
      { name: 'From the public origin' },
      { origin: PUBLIC_ORIGIN },
    );
    expect(accepted.status).toBe(200);
  });
});
