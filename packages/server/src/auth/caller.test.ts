import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.ts';
import { ALL_SCOPES, type Caller, parseScopes, requireScope } from './caller.ts';

const caller = (scopes: Caller['scopes']): Caller => ({
  projectId: 'p1',
  keyId: 'k1',
  keyName: 'ci',
  scopes,
  via: 'api-key',
});

describe('scopes', () => {
  it('lists every scope, frozen', () => {
    expect(ALL_SCOPES).toEqual(['flows:execute', 'runs:read', 'feedback:write']);
    expect(Object.isFrozen(ALL_SCOPES)).toBe(true);
  });

  it('keeps known stored scopes in catalogue order and drops unknown ones', () => {
    expect(parseScopes(['runs:read', 'admin:everything', 'flows:execute'])).toEqual([
      'flows:execute',
      'runs:read',
    ]);
  });

  it('requireScope passes a key with the scope and refuses one without with 403', () => {
    expect(() => requireScope(caller(ALL_SCOPES), 'runs:read')).not.toThrow();
    const refusal = (() => {
      try {
        requireScope(caller(['flows:execute']), 'feedback:write');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect((refusal as ApiError).message).toMatch(/^This API key lacks the scope feedback:write; /);
  });
});
