import type { SecretBox } from '../crypto/secret-box.ts';
import type { Store } from '../store/store.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/**
 * Project secrets, read by flows as `{{secrets.project.NAME}}`. Sealed at rest; read at run start,
 * so a changed secret is used by the next run without a redeploy.
 */
export class SecretService {
  constructor(
    private readonly store: Pick<Store, 'secrets'>,
    private readonly secretBox: Pick<SecretBox, 'encrypt' | 'decrypt'>,
    private readonly now: () => number,
  ) {}

  async put(projectId: string, name: string, value: string): Promise<void> {
    if (!NAME.test(name)) {
      throw new Error(
        `Secret name "${name}" is not valid: use letters, digits and "_", starting with a letter.`,
      );
    }
    await this.store.secrets.put({
      projectId,
      name,
      encryptedValue: this.secretBox.encrypt(value),
      updatedAt: this.now(),
    });
  }

  async names(projectId: string): Promise<{ name: string; updatedAt: number }[]> {
    return (await this.store.secrets.list(projectId)).map(({ name, updatedAt }) => ({ name, updatedAt }));
  }

  delete(projectId: string, name: string): Promise<boolean> {
    return this.store.secrets.delete(projectId, name);
  }

  async forProject(projectId: string): Promise<Readonly<Record<string, string>>> {
    const values: Record<string, string> = {};
    for (const secret of await this.store.secrets.list(projectId)) {
      values[secret.name] = this.secretBox.decrypt(secret.encryptedValue);
    }
    return values;
  }
}
