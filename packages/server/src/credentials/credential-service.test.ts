import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../crypto/secret-box.ts';
import type { CredentialRecord, CredentialRepository } from '../store/store.ts';
import { CredentialError, CredentialService } from './credential-service.ts';

/** The repository contract is covered by the store conformance suite; this one only keeps rows. */
class MemoryCredentials implements CredentialRepository {
  readonly rows = new Map<string, CredentialRecord>();
  async put(credential: CredentialRecord) {
    this.rows.set(`${credential.projectId}/${credential.name}`, { ...credential });
  }
  async get(projectId: string, name: string) {
    return this.rows.get(`${projectId}/${name}`);
  }
  async list(projectId: string) {
    return [...this.rows.values()].filter((row) => row.projectId === projectId);
  }
  async delete(projectId: string, name: string) {
    return this.rows.delete(`${projectId}/${name}`);
  }
}

function service() {
  const credentials = new MemoryCredentials();
  let time = 1000;
  return {
    credentials,
    service: new CredentialService({ credentials }, new SecretBox(randomBytes(32)), () => time++),
  };
}

describe('CredentialService', () => {
  it('seals the key, shows only that one is set, and opens it for the gateway on demand', async () => {
    const { credentials, service: subject } = service();
    const view = await subject.set('p', { name: 'OpenAI', provider: 'OpenAI', apiKey: 'sk-secret' });
    expect(view).toEqual({
      name: 'OpenAI',
      provider: 'openai',
      baseUrl: null,
      hasApiKey: true,
      defaultModel: null,
      createdAt: 1000,
      updatedAt: 1000,
    });
    expect(credentials.rows.get('p/OpenAI')?.encryptedApiKey).toMatch(/^v1\./);
    expect(JSON.stringify(credentials.rows.get('p/OpenAI'))).not.toContain('sk-secret');
    const [usable] = await subject.usable('p');
    expect(JSON.stringify(usable)).not.toContain('sk-secret');
    expect(usable?.readApiKey()).toBe('sk-secret');
  });

  it('keeps what an update leaves out, and normalises the base URL', async () => {
    const { service: subject } = service();
    await subject.set('p', {
      name: 'Groq',
      provider: 'openai-compatible',
      baseUrl: 'https://api.groq.com/openai/v1/',
      apiKey: 'gsk',
      defaultModel: 'llama-3.3-70b-versatile',
    });
    const updated = await subject.set('p', { name: 'Groq', provider: 'openai-compatible' });
    expect(updated).toMatchObject({
      baseUrl: 'https://api.groq.com/openai/v1',
      hasApiKey: true,
      defaultModel: 'llama-3.3-70b-versatile',
      createdAt: 1000,
      updatedAt: 1001,
    });
    expect((await subject.usable('p'))[0]?.readApiKey()).toBe('gsk');
  });

  it('refuses what cannot work, saying what to give', async () => {
    const { service: subject } = service();
    await expect(subject.set('p', { name: ' ', provider: 'openai', apiKey: 'k' })).rejects.toThrow(
      CredentialError,
    );
    await expect(subject.set('p', { name: 'x', provider: 'openai' })).rejects.toThrow(/needs an API key/);
    await expect(subject.set('p', { name: 'x', provider: 'openai-compatible' })).rejects.toThrow(
      /--base-url/,
    );
    await expect(
      subject.set('p', { name: 'x', provider: 'openai-compatible', baseUrl: 'ftp://host' }),
    ).rejects.toThrow(/http or https/);
    // Keyless local endpoints are fine.
    const ollama = await subject.set('p', {
      name: 'x',
      provider: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:11434/v1',
    });
    expect(ollama.hasApiKey).toBe(false);
  });
});
