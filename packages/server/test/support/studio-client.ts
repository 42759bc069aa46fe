import type { SessionView } from '../../src/studio/contract.ts';

export interface StudioResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls /studio/api like the browser: keeps the session cookie, sends the CSRF header on changes. */
export class StudioClient {
  cookie: string | undefined;

  constructor(readonly baseUrl: string) {}

  async call<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<StudioResponse<T>> {
    const sent: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET') {
      sent['content-type'] = 'application/json';
      sent['x-flowgate-studio'] = '1';
    }
    if (this.cookie) sent.cookie = this.cookie;
    const response = await fetch(`${this.baseUrl}/studio/api${path}`, {
      method,
      headers: { ...sent, ...headers },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
      redirect: 'manual',
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0] ?? '';
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text === '' ? null : JSON.parse(text)) as T,
    };
  }

  get<T = unknown>(path: string) {
    return this.call<T>('GET', path);
  }

  post<T = unknown>(path: string, body?: unknown) {
    return this.call<T>('POST', path, body);
  }

  put<T = unknown>(path: string, body?: unknown) {
    return this.call<T>('PUT', path, body);
  }

  delete<T = unknown>(path: string) {
    return this.call<T>('DELETE', path);
  }

  /** Creates the owner account (first call on a fresh server) and keeps its session. */
  async setup(email = 'owner@example.com', password = 'correct horse battery'): Promise<SessionView> {
    const response = await this.post<SessionView>('/setup', { email, password });
    if (response.status !== 200)
      throw new Error(`setup failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
}
