import { describe, expect, it } from 'vitest';
import { generateApiKey } from './api-key.ts';
import { readBearerToken } from './bearer-token.ts';

const { key } = generateApiKey();

function refusalOf(header: string): { code: string; status: number; message: string } {
  try {
    readBearerToken(header);
  } catch (error) {
    return error as { code: string; status: number; message: string };
  }
  throw new Error(`accepted ${header}`);
}

describe('readBearerToken', () => {
  it('reads the token of Bearer <token>, the scheme in any case and spacing', () => {
    for (const header of [`Bearer ${key}`, `bearer ${key}`, `BEARER  ${key} `, `Bearer\t${key}`]) {
      expect(readBearerToken(header)).toBe(key);
    }
  });

  it('says the Bearer prefix is missing when the key is sent bare, without echoing it', () => {
    const refusal = refusalOf(key);
    expect(refusal).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(refusal.message).toBe(
      'The Authorization header is missing the "Bearer " prefix before the API key; ' +
        'send the header Authorization: Bearer <your API key>',
    );
    expect(refusalOf(`Bearer:${key}`).message).not.toContain(key.slice(3));
  });

  it('names a known unsupported scheme and hides an unknown first word', () => {
    expect(refusalOf('Basic dXNlcjpwYXNz').message).toBe(
      'The Authorization scheme "Basic" is not supported; only Bearer API keys are: ' +
        'send the header Authorization: Bearer <your API key>',
    );
    const unknown = refusalOf(`${key.slice(0, 12)} ${key}`);
    expect(unknown.message).toMatch(/^The Authorization scheme is not supported/);
    expect(unknown.message).not.toContain(key.slice(3, 12));
  });

  it('says when Bearer carries no key, or more than one word', () => {
    expect(refusalOf('Bearer').message).toMatch(/^The Authorization header has no API key after Bearer; /);
    expect(refusalOf('Bearer ').message).toMatch(/^The Authorization header has no API key after Bearer; /);
    expect(refusalOf(`bearer ${key} extra`).message).toMatch(
      /^The Authorization header must hold one API key/,
    );
  });
});
