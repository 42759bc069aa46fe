import type { StudioErrorBody, StudioErrorCode } from '@flowgate/server/studio-contract';

/** A failed Studio API call, with the server's stable code and its sentence. */
export class StudioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: StudioErrorCode,
    message: string,
    readonly body: StudioErrorBody['error'] | null,
  ) {
    super(message);
    this.name = 'StudioApiError';
  }
}

const BASE = '/studio/api';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Calls the Studio API. Changing requests carry `x-flowgate-studio: 1` (the CSRF guard the server checks);
 * the session travels in its HttpOnly cookie.
 */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    headers['x-flowgate-studio'] = '1';
  }
  let response: Response;
  try {
    response = await fetch(`${BASE}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
  } catch (cause) {
    throw new StudioApiError(
      0,
      'INTERNAL',
      `The server did not answer (${String(cause)}). Is it running?`,
      null,
    );
  }
  const text = await response.text();
  const parsed: unknown = text === '' ? null : safeParse(text);
  if (!response.ok) {
    const error = isErrorBody(parsed) ? parsed.error : null;
    throw new StudioApiError(
      response.status,
      error?.code ?? 'INTERNAL',
      error?.message ?? `The server answered ${response.status}.`,
      error,
    );
  }
  return parsed as T;
}

/** Builds `?a=1&b=2` from the defined values. */
export function queryString(values: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isErrorBody(value: unknown): value is StudioErrorBody {
  return typeof value === 'object' && value !== null && 'error' in value;
}
