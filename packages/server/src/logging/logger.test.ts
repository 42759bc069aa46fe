import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubCredentials } from './logger.ts';
import { redactSecrets } from './redact-secrets.ts';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('trace', sink), text: () => lines.join('') };
}

const KEY = 'fg_2VwXkq9ZQm4rT8bLp0sNcY7eHdJ1aF6uGi3oKxWzMvB5tRyE9n0a1b2';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJwcm9qZWN0X2lkIjoicCJ9.c2lnbmF0dXJl';

describe('createLogger', () => {
  it('redacts credential headers wherever headers are logged', () => {
    const { logger, text } = capture();
    const headers = {
      authorization: 'Basic dXNlcjpwYXNz',
      'x-lamatic-signature': 'sig-value',
      cookie: 'session=cookie-value',
      'set-cookie': 'session=set-cookie-value',
      'x-webhook-secret': 'webhook-secret-value',
    };
    logger.info({ headers, req: { headers }, request: { headers }, authorization: 'Basic top-level' }, 'in');
    for (const value of [...Object.values(headers), 'Basic top-level']) expect(text()).not.toContain(value);
    expect(text()).toContain('"cookie":"[redacted]"');
  });

  it('redacts secret fields at any depth, in arrays too, and credential-shaped text anywhere', () => {
    const { logger, text } = capture();
    logger.warn(
      {
        apiKey: 'top-api-key',
        credential: { apiKey: 'nested-api-key', password: 'nested-password' },
        config: { provider: { secret: 'deep-secret', token: 'deep-token' } },
        far: { a: { b: { c: { note: `key ${KEY}`, d: { password: 'far-password' } } } } },
        list: [{ token: 'listed-token' }, 'plain'],
        key: 'job-key-kept',
      },
      `failed with Authorization: Bearer opaque-bearer and token ${JWT}`,
    );
    for (const secret of [
      'top-api-key',
      'nested-api-key',
      'nested-password',
      'deep-secret',
      'deep-token',
      'far-password',
      'listed-token',
      KEY,
      'opaque-bearer',
      JWT,
    ]) {
      expect(text()).not.toContain(secret);
    }
    expect(JSON.parse(text()).key).toBe('job-key-kept');
    expect(JSON.parse(text()).list).toEqual([{ token: '[redacted]' }, 'plain']);
    expect(JSON.parse(text()).msg).toBe('failed with Authorization: Bearer [redacted] and token [redacted]');
  });

  it('scrubs keys from error stacks logged as err', () => {
    const { logger, text } = capture();
    logger.error({ err: new Error(`the key ${KEY} was refused`) }, 'boom');
    expect(text()).not.toContain(KEY);
    expect(text()).toContain('the key fg_[redacted] was refused');
  });
});

describe('scrubCredentials', () => {
  it('leaves ordinary text alone', () => {
    const line = '{"msg":"request","route":"/graphql","operation":"executeWorkflow","status":200}';
    expect(scrubCredentials(line)).toBe(line);
  });
});

describe('redactSecrets', () => {
  it('returns an object without secrets as it is, and never changes the logged object', () => {
    const line = { method: 'POST', route: '/graphql', status: 200, nested: { ok: true } };
    expect(redactSecrets(line)).toBe(line);
    const headers = Object.assign(Object.create(null) as Record<string, unknown>, {
      authorization: 'Bearer x',
    });
    const logged = { headers, error: new Error('kept whole') };
    const redacted = redactSecrets(logged);
    expect(redacted).toEqual({ headers: { authorization: '[redacted]' }, error: logged.error });
    expect(headers.authorization).toBe('Bearer x');
  });
});
