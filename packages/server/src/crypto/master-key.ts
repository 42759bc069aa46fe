import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const MASTER_KEY_BYTES = 32;
export const MASTER_KEY_FILE = 'master.key';

export interface MasterKey {
  key: Buffer;
  /** `config`: given in the configuration; `file`: read from the data folder; `created`: written just now. */
  origin: 'config' | 'file' | 'created';
  /** The key file, or null when the key came from the configuration. */
  path: string | null;
}

/**
 * The key that seals secrets at rest: the configured value when there is one (64 hex characters or
 * base64/base64url of 32 bytes), else `<dataDir>/master.key`, created on first use with mode 0600.
 *
 * Creation is atomic and exclusive (write a temporary file, then hard-link it into place, which fails
 * when the name exists), so processes starting together on one data folder all end up with one key.
 */
export async function loadOrCreateMasterKey(options: {
  configValue?: string | undefined;
  dataDir: string;
}): Promise<MasterKey> {
  if (options.configValue !== undefined && options.configValue.trim() !== '') {
    return {
      key: parseMasterKey(options.configValue, 'the configured master key'),
      origin: 'config',
      path: null,
    };
  }
  const path = join(options.dataDir, MASTER_KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing) return { key: existing, origin: 'file', path };
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const created = await createKeyFile(path);
  if (created) return { key: created, origin: 'created', path };
  // Another process linked its file first: use that one.
  const winner = await readKeyFile(path);
  if (!winner) throw new Error(`Master key file ${path} vanished while it was being created; start again`);
  return { key: winner, origin: 'file', path };
}

/** Decodes 64 hex characters or the base64/base64url text of exactly 32 bytes. */
export function parseMasterKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed, 'base64');
    if (bytes.length === MASTER_KEY_BYTES) return bytes;
  }
  throw new Error(
    `${where} is not ${MASTER_KEY_BYTES} bytes written as 64 hex characters or as base64; ` +
      `generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
  );
}

async function readKeyFile(path: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  return parseMasterKey(text, `The master key file ${path}`);
}

/** Returns the new key, or undefined when another process created the file first. */
async function createKeyFile(path: string): Promise<Buffer | undefined> {
  const key = randomBytes(MASTER_KEY_BYTES);
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(`${key.toString('base64')}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, path);
    return key;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return undefined;
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}
