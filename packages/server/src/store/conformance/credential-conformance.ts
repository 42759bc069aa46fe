import { describe, expect, it } from 'vitest';
import type { CredentialRecord } from '../store.ts';
import { StoreConstraintError } from '../store-constraint-error.ts';
import { baseTime, project } from './store-fixtures.ts';
import type { ConformanceContext } from './store-test-target.ts';

function credential(projectId: string, overrides: Partial<CredentialRecord> = {}): CredentialRecord {
  return {
    projectId,
    name: 'OpenAI',
    provider: 'openai',
    baseUrl: null,
    encryptedApiKey: 'v1.sealed',
    defaultModel: null,
    createdAt: baseTime,
    updatedAt: baseTime,
    ...overrides,
  };
}

/** Model credentials: by (project, name), one default model per project. */
export function describeCredentialConformance(context: ConformanceContext): void {
  describe('credentials', () => {
    it('puts, gets and lists by name, scoped to the project', async () => {
      const { store } = context;
      const a = await project(store);
      const b = await project(store);
      const groq = credential(a, {
        name: 'Error-Groq',
        provider: 'openai-compatible',
        baseUrl: 'https://api.groq.com/openai/v1',
      });
      const ollama = credential(a, { name: 'Local', provider: 'openai-compatible', encryptedApiKey: null });
      await store.credentials.put(ollama);
      await store.credentials.put(groq);
      await store.credentials.put(credential(b));
      expect(await store.credentials.get(a, 'Error-Groq')).toEqual(groq);
      expect(await store.credentials.get(a, 'Local')).toEqual(ollama);
      expect(await store.credentials.get(b, 'Error-Groq')).toBeUndefined();
      expect((await store.credentials.list(a)).map((c) => c.name)).toEqual(['Error-Groq', 'Local']);
      expect(await store.credentials.list(b)).toHaveLength(1);
    });

    it('replaces by name, keeping createdAt', async () => {
      const { store } = context;
      const a = await project(store);
      await store.credentials.put(credential(a));
      const replaced = credential(a, {
        provider: 'openai-compatible',
        baseUrl: 'http://127.0.0.1:11434/v1',
        encryptedApiKey: null,
        createdAt: baseTime + 100,
        updatedAt: baseTime + 100,
      });
      await store.credentials.put(replaced);
      expect(await store.credentials.get(a, 'OpenAI')).toEqual({ ...replaced, createdAt: baseTime });
      expect(await store.credentials.list(a)).toHaveLength(1);
    });

    it('keeps one default model per project', async () => {
      const { store } = context;
      const a = await project(store);
      const b = await project(store);
      await store.credentials.put(credential(b, { defaultModel: 'gpt-4o' }));
      await store.credentials.put(credential(a, { defaultModel: 'gpt-4o-mini' }));
      await store.credentials.put(
        credential(a, { name: 'Claude', provider: 'anthropic', defaultModel: 'claude-3-5-haiku' }),
      );
      const defaults = (await store.credentials.list(a)).map((c) => [c.name, c.defaultModel]);
      expect(defaults).toEqual([
        ['Claude', 'claude-3-5-haiku'],
        ['OpenAI', null],
      ]);
      await store.credentials.put(credential(a, { name: 'Other' }));
      expect((await store.credentials.get(a, 'Claude'))?.defaultModel).toBe('claude-3-5-haiku');
      expect((await store.credentials.get(b, 'OpenAI'))?.defaultModel).toBe('gpt-4o');
    });

    it('deletes by name; refuses a credential of a missing project', async () => {
      const { store } = context;
      const a = await project(store);
      await store.credentials.put(credential(a));
      expect(await store.credentials.delete(a, 'missing')).toBe(false);
      expect(await store.credentials.delete(a, 'OpenAI')).toBe(true);
      expect(await store.credentials.list(a)).toEqual([]);
      await expect(store.credentials.put(credential('no-such-project'))).rejects.toSatisfy(
        (error) => error instanceof StoreConstraintError && error.constraint === 'foreign-key',
      );
    });
  });
}
