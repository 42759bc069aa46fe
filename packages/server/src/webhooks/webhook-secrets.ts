import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { Store, WebhookSecretRecord } from '../store/store.ts';

/** What `flowgate webhooks secret` shows: the secret a receiver verifies signatures with. */
export interface WebhookSecretView {
  projectId: string;
  secret: string;
  createdAt: number;
  rotatedAt: number | null;
}

/** After a rotation the previous secret keeps signing this long, so receivers can switch over. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

/**
 * Each project's webhook signing secret: created on first need (the first delivery, or the CLI),
 * sealed at rest by the SecretBox, read from the store on every use so a rotation by any process
 * takes effect at once. A secret is `whsec_` + 32 random bytes (base64url); receivers use the whole
 * string as the HMAC key.
 */
export class WebhookSecrets {
  constructor(
    private readonly store: Pick<Store, 'webhookSecrets'>,
    private readonly secretBox: Pick<SecretBox, 'encrypt' | 'decrypt'>,
    private readonly now: () => number,
  ) {}

  /** The project's secret, created when it has none yet. */
  async reveal(projectId: string): Promise<WebhookSecretView> {
    return this.view(await this.current(projectId));
  }

  /** A new secret; the old one still signs (as a second `v1=` entry) for ROTATION_OVERLAP_MS. */
  async rotate(projectId: string): Promise<WebhookSecretView> {
    const sealed = this.secretBox.encrypt(generateWebhookSecret());
    return this.view(await this.store.webhookSecrets.rotate(projectId, sealed, this.now()));
  }

  /** The secrets a delivery is signed with now: the current one, then the previous while overlapping. */
  async signingSecrets(projectId: string): Promise<string[]> {
    const record = await this.current(projectId);
    const secrets = [this.secretBox.decrypt(record.encryptedSecret)];
    const overlapping = record.rotatedAt !== null && this.now() - record.rotatedAt < ROTATION_OVERLAP_MS;
    if (overlapping && record.previousEncryptedSecret !== null) {
      secrets.push(this.secretBox.decrypt(record.previousEncryptedSecret));
    }
    return secrets;
  }

  private async current(projectId: string): Promise<WebhookSecretRecord> {
    const stored = await this.store.webhookSecrets.get(projectId);
    if (stored) return stored;
    return this.store.webhookSecrets.createIfAbsent({
      projectId,
      encryptedSecret: this.secretBox.encrypt(generateWebhookSecret()),
      previousEncryptedSecret: null,
      createdAt: this.now(),
      rotatedAt: null,
    });
  }

  private view(record: WebhookSecretRecord): WebhookSecretView {
    return {
      projectId: record.projectId,
      secret: this.secretBox.decrypt(record.encryptedSecret),
      createdAt: record.createdAt,
      rotatedAt: record.rotatedAt,
    };
  }
}

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
