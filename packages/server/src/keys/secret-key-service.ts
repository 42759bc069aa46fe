import { randomUUID } from 'node:crypto';
import { generateSecretKey } from '../auth/access-token.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { SecretKeyRecord, Store } from '../store/store.ts';

/**
 * Secret keys sign access tokens (`X-Lamatic-Signature`) minted by the customer's backend. Several
 * can be active at once so a secret can be rotated without downtime; changes apply at once.
 */
export class SecretKeyService {
  constructor(
    private readonly store: Pick<Store, 'secretKeys'>,
    private readonly secretBox: Pick<SecretBox, 'encrypt'>,
    private readonly onChange: (projectId: string) => void,
    private readonly now: () => number,
  ) {}

  async create(projectId: string): Promise<{ id: string; secret: string }> {
    const secret = generateSecretKey();
    const id = randomUUID();
    await this.store.secretKeys.create({
      id,
      projectId,
      encryptedSecret: this.secretBox.encrypt(secret),
      createdAt: this.now(),
      revokedAt: null,
    });
    this.onChange(projectId);
    return { id, secret };
  }

  async list(projectId: string): Promise<Omit<SecretKeyRecord, 'encryptedSecret'>[]> {
    return (await this.store.secretKeys.list(projectId)).map(
      ({ encryptedSecret: _secret, ...summary }) => summary,
    );
  }

  async revoke(projectId: string, keyId: string): Promise<boolean> {
    const revoked = await this.store.secretKeys.revoke(projectId, keyId, this.now());
    if (revoked) this.onChange(projectId);
    return revoked;
  }
}
