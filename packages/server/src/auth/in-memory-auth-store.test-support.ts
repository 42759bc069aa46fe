/**
 * A test double of the Store port's auth repositories (projects, API keys, secret keys), in memory,
 * counting reads so tests can tell a cache hit from a store call. Not a store adapter.
 */
import type {
  ApiKeyRecord,
  ApiKeyRepository,
  Project,
  ProjectRepository,
  SecretKeyRecord,
  SecretKeyRepository,
} from '../store/store.ts';
import type { AuthStore } from './authenticator.ts';

export class InMemoryAuthStore implements AuthStore {
  version = 1;
  readonly reads = { projects: 0, apiKeys: 0, secretKeys: 0 };
  readonly touches: { id: string; at: number }[][] = [];
  failTouches = false;
  readonly #projects = new Map<string, Project>();
  readonly #apiKeys = new Map<string, ApiKeyRecord>();
  readonly #secretKeys: SecretKeyRecord[] = [];

  externalChangeVersion(): number {
    return this.version;
  }

  readonly projects: ProjectRepository = {
    create: async (project) => {
      this.#projects.set(project.id, { ...project });
    },
    get: async (id) => {
      this.reads.projects += 1;
      const project = this.#projects.get(id);
      return project && { ...project };
    },
    list: async () => [...this.#projects.values()],
    getSettings: async () => ({}),
    putSettings: async () => {},
  };

  readonly apiKeys: ApiKeyRepository = {
    create: async (key) => {
      this.#apiKeys.set(key.id, { ...key, scopes: [...key.scopes] });
    },
    findByHash: async (hash) => {
      this.reads.apiKeys += 1;
      const key = [...this.#apiKeys.values()].find((candidate) => candidate.hash === hash);
      return key && { ...key, scopes: [...key.scopes] };
    },
    list: async (projectId) => [...this.#apiKeys.values()].filter((key) => key.projectId === projectId),
    revoke: async (projectId, keyId, at) => {
      const key = this.#apiKeys.get(keyId);
      if (key?.projectId !== projectId) return false;
      key.revokedAt ??= at;
      return true;
    },
    touch: async (uses) => {
      if (this.failTouches) throw new Error('touch failed');
      this.touches.push(uses.map((use) => ({ ...use })));
      for (const use of uses) {
        const key = this.#apiKeys.get(use.id);
        if (key) key.lastUsedAt = Math.max(key.lastUsedAt ?? 0, use.at);
      }
    },
  };

  readonly secretKeys: SecretKeyRepository = {
    create: async (key) => {
      this.#secretKeys.push({ ...key });
    },
    listActive: async (projectId) => {
      this.reads.secretKeys += 1;
      return this.#secretKeys
        .filter((key) => key.projectId === projectId && key.revokedAt === null)
        .sort((a, b) => b.createdAt - a.createdAt);
    },
    list: async (projectId) => this.#secretKeys.filter((key) => key.projectId === projectId),
    revoke: async (projectId, keyId, at) => {
      const key = this.#secretKeys.find(
        (candidate) => candidate.id === keyId && candidate.projectId === projectId,
      );
      if (!key) return false;
      key.revokedAt ??= at;
      return true;
    },
  };

  /** Changes a key behind the cache's back, as another process would. */
  updateApiKey(id: string, change: Partial<ApiKeyRecord>): void {
    const key = this.#apiKeys.get(id);
    if (!key) throw new Error(`no key ${id}`);
    Object.assign(key, change);
  }
}
