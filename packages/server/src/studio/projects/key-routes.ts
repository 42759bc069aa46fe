import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ALL_SCOPES } from '../../auth/caller.ts';
import { parseDuration } from '../../cli/duration.ts';
import type { ApiKeySummary } from '../../keys/api-key-service.ts';
import type {
  ApiKeyScope,
  ApiKeyView,
  CreatedApiKeyView,
  CreatedSecretKeyView,
  KeyStatus,
  SecretKeyView,
} from '../contract.ts';
import { asBadRequest } from '../http/as-bad-request.ts';
import { parseInput } from '../http/parse-input.ts';
import type { StudioDeps } from '../studio-deps.ts';
import { StudioError } from '../studio-error.ts';
import { requireProject } from './project-access.ts';

const DURATION = /^\d+\s*[smhd]$/;
const MAX_EXPIRY_DAYS = 3650;
const createKeySchema = z.object({
  name: z.string().trim().min(1, 'give the key a name').max(100, 'use at most 100 characters'),
  expiresIn: z
    .string()
    .trim()
    .regex(DURATION, 'write a duration like 90s, 15m, 12h or 30d')
    .refine((text) => !DURATION.test(text) || parseDuration(text) > 0, 'the duration must be longer than 0')
    .refine(
      (text) => !DURATION.test(text) || parseDuration(text) <= MAX_EXPIRY_DAYS * 86_400_000,
      `the duration must be at most ${MAX_EXPIRY_DAYS}d (10 years); leave expiresIn out for a key that never expires`,
    )
    .optional(),
  scopes: z
    .array(z.enum(ALL_SCOPES as [ApiKeyScope, ...ApiKeyScope[]]), {
      error: `scopes is a list of ${ALL_SCOPES.join(', ')}`,
    })
    .min(1, `pick at least one scope: ${ALL_SCOPES.join(', ')}`)
    .optional(),
});

type ProjectParams = { Params: { projectId: string } };
type KeyParams = { Params: { projectId: string; keyId: string } };

/** API keys (`/keys`) and secret keys (`/secret-keys`) of a project. */
export function registerKeyRoutes(scope: FastifyInstance, deps: StudioDeps): void {
  const P = '/projects/:projectId';

  scope.get<ProjectParams>(`${P}/keys`, async (request): Promise<ApiKeyView[]> => {
    const project = await requireProject(deps, request.params.projectId);
    const now = deps.now();
    const keys = await deps.apiKeys.list(project.id);
    return keys.sort((a, b) => b.createdAt - a.createdAt).map((key) => apiKeyView(key, now));
  });

  scope.post<ProjectParams>(`${P}/keys`, async (request): Promise<CreatedApiKeyView> => {
    const project = await requireProject(deps, request.params.projectId);
    const input = parseInput(createKeySchema, request.body, 'The new API key');
    const created = await asBadRequest('scopes', () =>
      deps.apiKeys.create(project.id, {
        name: input.name,
        ...(input.expiresIn === undefined ? {} : { expiresInMs: parseDuration(input.expiresIn) }),
        ...(input.scopes === undefined ? {} : { scopes: input.scopes }),
      }),
    );
    const summary = (await deps.apiKeys.list(project.id)).find((key) => key.id === created.id);
    if (!summary) throw new Error(`API key ${created.id} was not found right after it was created`);
    return { key: apiKeyView(summary, deps.now()), secret: created.key };
  });

  scope.post<KeyParams>(`${P}/keys/:keyId/revoke`, async (request): Promise<ApiKeyView> => {
    const project = await requireProject(deps, request.params.projectId);
    const { keyId } = request.params;
    if (!(await deps.apiKeys.revoke(project.id, keyId))) {
      throw StudioError.notFound(`This project has no API key ${keyId}; reload the list of keys.`);
    }
    const key = (await deps.apiKeys.list(project.id)).find((entry) => entry.id === keyId);
    if (!key) throw StudioError.notFound(`API key ${keyId} is gone.`);
    return apiKeyView(key, deps.now());
  });

  scope.get<ProjectParams>(`${P}/secret-keys`, async (request): Promise<SecretKeyView[]> => {
    const project = await requireProject(deps, request.params.projectId);
    const keys = await deps.secretKeys.list(project.id);
    return keys.sort((a, b) => b.createdAt - a.createdAt).map(secretKeyView);
  });

  scope.post<ProjectParams>(`${P}/secret-keys`, async (request): Promise<CreatedSecretKeyView> => {
    const project = await requireProject(deps, request.params.projectId);
    const created = await deps.secretKeys.create(project.id);
    const key = (await deps.secretKeys.list(project.id)).find((entry) => entry.id === created.id);
    if (!key) throw new Error(`secret key ${created.id} was not found right after it was created`);
    return { secretKey: secretKeyView(key), secret: created.secret };
  });

  scope.post<KeyParams>(`${P}/secret-keys/:keyId/revoke`, async (request): Promise<SecretKeyView> => {
    const project = await requireProject(deps, request.params.projectId);
    const { keyId } = request.params;
    if (!(await deps.secretKeys.revoke(project.id, keyId))) {
      throw StudioError.notFound(`This project has no secret key ${keyId}; reload the list of secret keys.`);
    }
    const key = (await deps.secretKeys.list(project.id)).find((entry) => entry.id === keyId);
    if (!key) throw StudioError.notFound(`Secret key ${keyId} is gone.`);
    return secretKeyView(key);
  });
}

function apiKeyView(key: ApiKeySummary, now: number): ApiKeyView {
  const status: KeyStatus =
    key.revokedAt !== null
      ? 'revoked'
      : key.expiresAt !== null && key.expiresAt <= now
        ? 'expired'
        : 'active';
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    lastFour: key.lastFour,
    scopes: ALL_SCOPES.filter((scope) => key.scopes.includes(scope)),
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
    status,
  };
}

function secretKeyView(key: { id: string; createdAt: number; revokedAt: number | null }): SecretKeyView {
  return {
    id: key.id,
    createdAt: key.createdAt,
    revokedAt: key.revokedAt,
    status: key.revokedAt === null ? 'active' : 'revoked',
  };
}
