import type { SecretBox } from '../crypto/secret-box.ts';
import type { CredentialRecord, Store } from '../store/store.ts';

export const CREDENTIAL_PROVIDERS = ['openai', 'anthropic', 'google', 'openai-compatible'] as const;
export type CredentialProvider = (typeof CREDENTIAL_PROVIDERS)[number];

export interface CredentialInput {
  name: string;
  provider: string;
  baseUrl?: string;
  apiKey?: string;
  /** Makes this credential's model the project's default (for placeholder model configs). */
  defaultModel?: string;
}

/** What callers may see: never the key. */
export interface CredentialView {
  name: string;
  provider: CredentialProvider;
  baseUrl: string | null;
  hasApiKey: boolean;
  defaultModel: string | null;
  createdAt: number;
  updatedAt: number;
}

/** For the model gateway only: the key is opened on demand and is not an enumerable field. */
export interface UsableCredential extends CredentialView {
  readApiKey(): string | undefined;
}

/** A credential the caller described wrongly; the message says what to change. */
export class CredentialError extends Error {
  override readonly name = 'CredentialError';
}

/**
 * A project's model credentials (DESIGN §2): sealed at rest with the master key, read per model call,
 * so a changed key is used by the next run without a redeploy. Keys are never returned or logged.
 */
export class CredentialService {
  constructor(
    private readonly store: Pick<Store, 'credentials'>,
    private readonly secretBox: Pick<SecretBox, 'encrypt' | 'decrypt'>,
    private readonly now: () => number,
  ) {}

  /**
   * Creates or updates a credential. On an update, options left out keep their stored values (a new
   * base URL keeps the key); `defaultModel` takes the project's default from any other credential.
   */
  async set(projectId: string, input: CredentialInput): Promise<CredentialView> {
    const name = input.name.trim();
    if (name === '' || name.length > 128)
      throw new CredentialError('A credential needs a name of 1 to 128 characters.');
    const provider = checkProvider(input.provider);
    const existing = await this.store.credentials.get(projectId, name);
    const baseUrl = input.baseUrl === undefined ? (existing?.baseUrl ?? null) : checkBaseUrl(input.baseUrl);
    const encryptedApiKey =
      input.apiKey === undefined ? (existing?.encryptedApiKey ?? null) : this.secretBox.encrypt(input.apiKey);
    if (provider === 'openai-compatible' && baseUrl === null) {
      throw new CredentialError(
        `Credential "${name}" is openai-compatible: give its endpoint with --base-url (e.g. https://api.groq.com/openai/v1).`,
      );
    }
    if (provider !== 'openai-compatible' && encryptedApiKey === null) {
      throw new CredentialError(
        `Credential "${name}" (${provider}) needs an API key: give it with --api-key.`,
      );
    }
    const at = this.now();
    const record: CredentialRecord = {
      projectId,
      name,
      provider,
      baseUrl,
      encryptedApiKey,
      defaultModel: input.defaultModel?.trim() || (existing?.defaultModel ?? null),
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    };
    await this.store.credentials.put(record);
    return view(record);
  }

  async list(projectId: string): Promise<CredentialView[]> {
    return (await this.store.credentials.list(projectId)).map(view);
  }

  delete(projectId: string, name: string): Promise<boolean> {
    return this.store.credentials.delete(projectId, name);
  }

  /** Every credential of the project, keys sealed until `readApiKey()` is called. */
  async usable(projectId: string): Promise<UsableCredential[]> {
    return (await this.store.credentials.list(projectId)).map((record) => {
      const sealed = record.encryptedApiKey;
      const usable = view(record) as UsableCredential;
      Object.defineProperty(usable, 'readApiKey', {
        enumerable: false,
        value: () => (sealed === null ? undefined : this.secretBox.decrypt(sealed)),
      });
      return usable;
    });
  }
}

function view(record: CredentialRecord): CredentialView {
  return {
    name: record.name,
    provider: record.provider as CredentialProvider,
    baseUrl: record.baseUrl,
    hasApiKey: record.encryptedApiKey !== null,
    defaultModel: record.defaultModel,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function checkProvider(provider: string): CredentialProvider {
  const found = CREDENTIAL_PROVIDERS.find((known) => known === provider.trim().toLowerCase());
  if (!found) {
    throw new CredentialError(
      `Unknown provider "${provider}": use one of ${CREDENTIAL_PROVIDERS.join(', ')} ` +
        '(Groq, Together, OpenRouter, Ollama, vLLM and LM Studio are openai-compatible with a --base-url).',
    );
  }
  return found;
}

function checkBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new CredentialError(`--base-url "${text}" is not a URL; write e.g. https://api.groq.com/openai/v1`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CredentialError(`--base-url must be an http or https URL, got ${url.protocol}`);
  }
  return url.toString().replace(/\/$/, '');
}
