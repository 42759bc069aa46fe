import { ApiError } from '../errors/api-error.ts';

/** What an API key may do. New keys get all of them unless created with fewer. */
export type Scope = 'flows:execute' | 'runs:read' | 'feedback:write';

export const ALL_SCOPES: readonly Scope[] = Object.freeze(['flows:execute', 'runs:read', 'feedback:write']);

/** Who is calling, once authenticated. Shared and frozen: callers must not mutate it. */
export interface Caller {
  readonly projectId: string;
  /** The API key's id (recorded on runs); null for access tokens. */
  readonly keyId: string | null;
  readonly keyName: string | null;
  readonly scopes: readonly Scope[];
  /** `cli`: `flowgate run` on the server's machine; `trigger`: a webhook, a schedule or a flowNode call. */
  readonly via: 'api-key' | 'access-token' | 'cli' | 'trigger';
  /** The API key's own request rate, when it has one (rate-limits/rate-limiter). */
  readonly rateLimitPerSecond?: number;
}

export function isScope(value: string): value is Scope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}

/** Keeps the known scopes of a stored key, in catalogue order; unknown names (from a newer version) are dropped. */
export function parseScopes(stored: readonly string[]): readonly Scope[] {
  return Object.freeze(ALL_SCOPES.filter((scope) => stored.includes(scope)));
}

export function requireScope(caller: Caller, scope: Scope): void {
  if (!caller.scopes.includes(scope)) {
    throw new ApiError(
      'FORBIDDEN',
      `This API key lacks the scope ${scope}; create a key with that scope or use one that has it`,
    );
  }
}
