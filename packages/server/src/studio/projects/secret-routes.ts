import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CREDENTIAL_PROVIDERS } from '../../credentials/credential-service.ts';
import type { CredentialProvider, CredentialView, SecretView } from '../contract.ts';
import { asBadRequest } from '../http/as-bad-request.ts';
import { parseInput } from '../http/parse-input.ts';
import type { StudioDeps } from '../studio-deps.ts';
import { StudioError } from '../studio-error.ts';
import { requireProject } from './project-access.ts';

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const putSecretSchema = z.object({
  value: z.string({ error: 'value must be text' }).max(65_536, 'a secret holds at most 64 KiB'),
});
const putCredentialSchema = z.object({
  provider: z.enum(CREDENTIAL_PROVIDERS as unknown as [CredentialProvider, ...CredentialProvider[]], {
    error: `provider must be one of ${CREDENTIAL_PROVIDERS.join(', ')}`,
  }),
  baseUrl: z
    .string()
    .trim()
    .url('write the endpoint as a URL, e.g. https://api.groq.com/openai/v1')
    .optional(),
  apiKey: z.string().min(1, 'the API key is empty; leave it out to keep the stored one').max(4096).optional(),
  defaultModel: z.string().trim().max(200).optional(),
});

type NameParams = { Params: { projectId: string; name: string } };
type ProjectParams = { Params: { projectId: string } };

/** Project secrets (names only leave the server) and model credentials (the key never does). */
export function registerSecretRoutes(scope: FastifyInstance, deps: StudioDeps): void {
  const P = '/projects/:projectId';

  scope.get<ProjectParams>(`${P}/secrets`, async (request): Promise<SecretView[]> => {
    const project = await requireProject(deps, request.params.projectId);
    const names = await deps.secrets.names(project.id);
    return names.map(({ name, updatedAt }) => ({ name, createdAt: updatedAt, updatedAt }));
  });

  scope.put<NameParams>(`${P}/secrets/:name`, async (request): Promise<SecretView> => {
    const project = await requireProject(deps, request.params.projectId);
    const { name } = request.params;
    if (!SECRET_NAME.test(name)) {
      const message = 'use letters, digits and "_", starting with a letter or "_" (at most 128 characters)';
      throw StudioError.badRequest(`Secret name "${name}" is not valid: ${message}.`, [
        { path: 'name', message },
      ]);
    }
    const input = parseInput(putSecretSchema, request.body, 'The secret');
    await asBadRequest('name', () => deps.secrets.put(project.id, name, input.value));
    const saved = (await deps.secrets.names(project.id)).find((secret) => secret.name === name);
    const at = saved?.updatedAt ?? deps.now();
    return { name, createdAt: at, updatedAt: at };
  });

  scope.delete<NameParams>(`${P}/secrets/:name`, async (request) => {
    const project = await requireProject(deps, request.params.projectId);
    if (!(await deps.secrets.delete(project.id, request.params.name))) {
      throw StudioError.notFound(`This project has no secret named ${request.params.name}.`);
    }
    return { ok: true as const };
  });

  scope.get<ProjectParams>(`${P}/credentials`, async (request): Promise<CredentialView[]> => {
    const project = await requireProject(deps, request.params.projectId);
    return (await deps.credentials.list(project.id)).map(credentialView);
  });

  scope.put<NameParams>(`${P}/credentials/:name`, async (request): Promise<CredentialView> => {
    const project = await requireProject(deps, request.params.projectId);
    const input = parseInput(putCredentialSchema, request.body, 'The model credential');
    const existing = (await deps.credentials.list(project.id)).find(
      (entry) => entry.name === request.params.name,
    );
    if (input.provider === 'openai-compatible' && input.baseUrl === undefined && !existing?.baseUrl) {
      const message =
        'an openai-compatible credential needs its endpoint, e.g. https://api.groq.com/openai/v1';
      throw StudioError.badRequest(`Give the base URL: ${message}.`, [{ path: 'baseUrl', message }]);
    }
    if (input.provider !== 'openai-compatible' && input.apiKey === undefined && !existing?.hasApiKey) {
      const message = `a ${input.provider} credential needs the API key from the provider's console`;
      throw StudioError.badRequest(`Give the API key: ${message}.`, [{ path: 'apiKey', message }]);
    }
    const saved = await asBadRequest('apiKey', () =>
      deps.credentials.set(project.id, {
        name: request.params.name,
        provider: input.provider,
        ...(input.baseUrl === undefined ? {} : { baseUrl: input.baseUrl }),
        ...(input.apiKey === undefined ? {} : { apiKey: input.apiKey }),
        ...(input.defaultModel === undefined ? {} : { defaultModel: input.defaultModel }),
      }),
    );
    return credentialView(saved);
  });

  scope.delete<NameParams>(`${P}/credentials/:name`, async (request) => {
    const project = await requireProject(deps, request.params.projectId);
    if (!(await deps.credentials.delete(project.id, request.params.name))) {
      throw StudioError.notFound(`This project has no model credential named ${request.params.name}.`);
    }
    return { ok: true as const };
  });
}

/** Field by field, so nothing the service may add (a key) can leak into the answer. */
function credentialView(credential: CredentialView): CredentialView {
  return {
    name: credential.name,
    provider: credential.provider,
    baseUrl: credential.baseUrl,
    defaultModel: credential.defaultModel,
    hasApiKey: credential.hasApiKey,
    createdAt: credential.createdAt,
    updatedAt: credential.updatedAt,
  };
}
