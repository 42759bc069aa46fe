import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.ts';

describe('Studio passwords', () => {
  it('hashes with scrypt N=2^15 and a fresh salt, and verifies in either direction', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await hashPassword('correct horse battery')).not.toBe(hash);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterz', hash)).toBe(false);
  });

  it('still verifies a hash made with the earlier cost (each hash carries its own parameters)', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('old password 1', salt, 32, { N: 16384, r: 8, p: 1 });
    const old = ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    expect(await verifyPassword('old password 1', old)).toBe(true);
    expect(await verifyPassword('old password 2', old)).toBe(false);
    expect(await verifyPassword('old password 1', 'bcrypt$whatever')).toBe(false);
  });
});
