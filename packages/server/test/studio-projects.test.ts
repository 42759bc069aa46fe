import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFlowFiles } from '../src/cli/flow-files.ts';
import type {
  ApiKeyView,
  CreatedApiKeyView,
  CreatedSecretKeyView,
  CredentialView,
  ProjectView,
  SecretKeyView,
  SecretView,
  StudioErrorBody,
} from '../src/studio/contract.ts';
import { StudioClient } from './support/studio-client.ts';
import {
  EXAMPLES,
  EXECUTE_QUERY,
  postGraphql,
  startTestServer,
  type TestServer,
} from './support/test-server.ts';

describe('Studio projects, keys, secrets and credentials', () => {
  let server: TestServer;
  let client: StudioClient;
  let project: ProjectView;
  let P: string;

  beforeAll(async () => {
    server = await startTestServer();
    client = new StudioClient(server.url);
    await client.setup();
    project = (await client.post<ProjectView>('/projects', { name: '  Support bot ' })).body;
    P = `/projects/${project.id}`;
  });
  afterAll(() => server.close());

  it('creates, lists and reads projects with their Project URL and settings', async () => {
    expect(project).toMatchObject({
      name: 'Support bot',
      endpoint: `${server.url}/graphql`,
      settings: { smartRetries: false },
      activeDeployment: null,
    });
    expect((await client.get<ProjectView[]>('/projects')).body.map((entry) => entry.id)).toContain(
      project.id,
    );
    expect((await client.get<ProjectView>(P)).body).toEqual(project);

    const blank = await client.post<StudioErrorBody>('/projects', { name: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error.fields).toEqual([{ path: 'name', message: 'give the project a name' }]);
    const missing = await client.get<StudioErrorBody>('/projects/no-such-project');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });

  it('changes Smart Retries and refuses a setting that is not a boolean', async () => {
    const changed = await client.put<ProjectView>(`${P}/settings`, { smartRetries: true });
    expect(changed.body.settings).toEqual({ smartRetries: true });
    expect((await client.get<ProjectView>(P)).body.settings.smartRetries).toBe(true);
    const bad = await client.put<StudioErrorBody>(`${P}/settings`, { smartRetries: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.[0]?.path).toBe('smartRetries');
    await client.put(`${P}/settings`, { smartRetries: false });
  });

  it('creates a key shown once that runs the guide’s request, and refuses it at once after revoke', async () => {
    await server.app.deploys.deploy(project.id, await readFlowFiles([path.join(EXAMPLES, 'hello.json')]));
    const created = await client.post<CreatedApiKeyView>(`${P}/keys`, { name: 'Website', expiresIn: '30d' });
    expect(created.status).toBe(200);
    const { key, secret } = created.body;
    expect(secret.startsWith(key.prefix)).toBe(true);
    expect(secret.endsWith(key.lastFour)).toBe(true);
    expect(key).toMatchObject({ name: 'Website', status: 'active', revokedAt: null });
    expect(key.expiresAt).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const listed = (await client.get<ApiKeyView[]>(`${P}/keys`)).body;
    expect(listed.find((entry) => entry.id === key.id)).toEqual(key);
    expect(JSON.stringify(listed)).not.toContain(secret);

    // The integration guide's curl: Bearer key, x-project-id, executeWorkflow.
    const headers = { Authorization: `Bearer ${secret}`, 'x-project-id': project.id };
    const body = {
      query: EXECUTE_QUERY,
      variables: { workflowId: 'hello', payload: { url: 'https://a.example' } },
    };
    const ok = await postGraphql(project.endpoint.replace(server.url, server.url), body, headers);
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({
      executeWorkflow: { status: 'success', result: { url: 'https://a.example' } },
    });

    const revoked = await client.post<ApiKeyView>(`${P}/keys/${key.id}/revoke`);
    expect(revoked.body).toMatchObject({ id: key.id, status: 'revoked' });
    expect(revoked.body.revokedAt).not.toBeNull();
    const refused = await postGraphql(`${server.url}/graphql`, body, headers);
    expect(refused.status).toBe(401);

    expect((await client.post<StudioErrorBody>(`${P}/keys/nope/revoke`)).status).toBe(404);
  });

  it('refuses bad key requests with their fields', async () => {
    const bad = await client.post<StudioErrorBody>(`${P}/keys`, {
      name: '',
      expiresIn: 'tomorrow',
      scopes: ['flows:delete'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.map((field) => field.path).sort()).toEqual([
      'expiresIn',
      'name',
      'scopes.0',
    ]);
    const scoped = await client.post<CreatedApiKeyView>(`${P}/keys`, {
      name: 'Reader',
      scopes: ['runs:read'],
    });
    expect(scoped.body.key.scopes).toEqual(['runs:read']);
  });

  it('refuses a key expiry over 3650 days, naming the field and the limit', async () => {
    for (const expiresIn of ['99999999999999999999d', '3651d', '999999999999h']) {
      const tooLong = await client.post<StudioErrorBody>(`${P}/keys`, { name: 'Forever', expiresIn });
      expect(tooLong.status, expiresIn).toBe(400);
      expect(tooLong.body.error.code).toBe('BAD_REQUEST');
      expect(tooLong.body.error.fields).toEqual([
        { path: 'expiresIn', message: expect.stringMatching(/3650d/) },
      ]);
    }
    const longest = await client.post<CreatedApiKeyView>(`${P}/keys`, { name: 'Decade', expiresIn: '3650d' });
    expect(longest.status).toBe(200);
  });

  it('creates, lists and revokes secret keys; the secret is in the create answer only', async () => {
    const created = await client.post<CreatedSecretKeyView>(`${P}/secret-keys`);
    expect(created.body.secretKey.status).toBe('active');
    expect(created.body.secret.length).toBeGreaterThanOrEqual(32);
    const listed = await client.get<SecretKeyView[]>(`${P}/secret-keys`);
    expect(listed.body).toEqual([created.body.secretKey]);
    const revoked = await client.post<SecretKeyView>(`${P}/secret-keys/${created.body.secretKey.id}/revoke`);
    expect(revoked.body.status).toBe('revoked');
    expect((await client.post(`${P}/secret-keys/nope/revoke`)).status).toBe(404);
  });

  it('stores secrets and lists their names only', async () => {
    const put = await client.put<SecretView>(`${P}/secrets/SLACK_TOKEN`, { value: 'xoxb-very-secret' });
    expect(put.body.name).toBe('SLACK_TOKEN');
    const listed = await client.get<SecretView[]>(`${P}/secrets`);
    expect(listed.body.map((secret) => secret.name)).toEqual(['SLACK_TOKEN']);
    expect(JSON.stringify(listed.body)).not.toContain('xoxb');
    const badName = await client.put<StudioErrorBody>(`${P}/secrets/not-valid!`, { value: 'x' });
    expect(badName.status).toBe(400);
    expect(badName.body.error.fields?.[0]?.path).toBe('name');
    expect(
      (await client.put<StudioErrorBody>(`${P}/secrets/OK`, { value: 42 })).body.error.fields?.[0]?.path,
    ).toBe('value');
    expect((await client.delete(`${P}/secrets/SLACK_TOKEN`)).body).toEqual({ ok: true });
    expect((await client.delete(`${P}/secrets/SLACK_TOKEN`)).status).toBe(404);
  });

  it('stores model credentials and never returns their API key', async () => {
    const put = await client.put<CredentialView>(`${P}/credentials/OpenAI`, {
      provider: 'openai',
      apiKey: 'sk-test-do-not-show',
      defaultModel: 'gpt-4o-mini',
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      name: 'OpenAI',
      provider: 'openai',
      hasApiKey: true,
      defaultModel: 'gpt-4o-mini',
    });
    const listed = await client.get<CredentialView[]>(`${P}/credentials`);
    expect(listed.body).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain('sk-test');
    expect(Object.keys(listed.body[0] ?? {}).sort()).toEqual(
      ['baseUrl', 'createdAt', 'defaultModel', 'hasApiKey', 'name', 'provider', 'updatedAt'].sort(),
    );
    const kept = await client.put<CredentialView>(`${P}/credentials/OpenAI`, { provider: 'openai' });
    expect(kept.body.hasApiKey).toBe(true);

    const badProvider = await client.put<StudioErrorBody>(`${P}/credentials/X`, {
      provider: 'skynet',
      apiKey: 'k',
    });
    expect(badProvider.status).toBe(400);
    expect(badProvider.body.error.fields?.[0]?.path).toBe('provider');
    const noKey = await client.put<StudioErrorBody>(`${P}/credentials/Claude`, { provider: 'anthropic' });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.message).toMatch(/API key/);
    expect(noKey.body.error.fields?.[0]?.path).toBe('apiKey');
    const noUrl = await client.put<StudioErrorBody>(`${P}/credentials/Groq`, {
      provider: 'openai-compatible',
    });
    expect(noUrl.body.error.fields?.[0]?.path).toBe('baseUrl');
    expect((await client.delete(`${P}/credentials/OpenAI`)).body).toEqual({ ok: true });
    expect((await client.delete(`${P}/credentials/OpenAI`)).status).toBe(404);
  });
});
