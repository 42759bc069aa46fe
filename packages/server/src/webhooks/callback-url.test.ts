import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.ts';
import { readCallbackUrl } from './callback-url.ts';

function refusal(header: string | string[]): ApiError {
  try {
    readCallbackUrl(header);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(header)} was accepted`);
}

describe('X-Callback-Url', () => {
  it('accepts absolute http and https URLs, trimmed; absent is none', () => {
    expect(readCallbackUrl(' https://hooks.example.com/in?token=1 ')).toBe(
      'https://hooks.example.com/in?token=1',
    );
    expect(readCallbackUrl('http://127.0.0.1:9999/')).toBe('http://127.0.0.1:9999/');
    expect(readCallbackUrl(['https://one.example/'])).toBe('https://one.example/');
    expect(readCallbackUrl(undefined)).toBeUndefined();
  });

  it('refuses with 400 INVALID_CALLBACK_URL and says why', () => {
    const cases: [string | string[], RegExp][] = [
      ['', /empty/],
      ['/relative/path', /not an absolute URL/],
      ['javascript:alert(1)', /http or https URL, not javascript:/],
      ['file:///etc/passwd', /not file:/],
      [`https://h.example/${'x'.repeat(2100)}`, /at most 2048/],
      [['https://a.example/', 'https://b.example/'], /one X-Callback-Url/],
    ];
    for (const [header, message] of cases) {
      const error = refusal(header);
      expect(error.code).toBe('INVALID_CALLBACK_URL');
      expect(error.status).toBe(400);
      expect(error.message).toMatch(message);
    }
  });
});
