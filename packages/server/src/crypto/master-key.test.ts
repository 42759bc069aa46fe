import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateMasterKey, parseMasterKey } from './master-key.ts';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'flowgate-master-key-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('parseMasterKey', () => {
  const key = randomBytes(32);

  it('reads 64 hex characters, base64 and base64url', () => {
    expect(parseMasterKey(key.toString('hex'), 'x')).toEqual(key);
    expect(parseMasterKey(key.toString('base64'), 'x')).toEqual(key);
    expect(parseMasterKey(` ${key.toString('base64url')}\n`, 'x')).toEqual(key);
  });

  it('refuses other lengths and text, saying how to make a key', () => {
    for (const bad of [randomBytes(16).toString('hex'), randomBytes(31).toString('base64'), 'not a key!']) {
      expect(() => parseMasterKey(bad, 'FLOWGATE_MASTER_KEY')).toThrow(
        /^FLOWGATE_MASTER_KEY is not 32 bytes written as 64 hex characters or as base64; generate one with/,
      );
    }
  });
});

describe('loadOrCreateMasterKey', () => {
  it('uses the configured key and writes no file', async () => {
    const key = randomBytes(32);
    const loaded = await loadOrCreateMasterKey({ configValue: key.toString('hex'), dataDir });
    expect(loaded).toEqual({ key, origin: 'config', path: null });
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('creates <dataDir>/master.key with mode 0600 once, then reuses it', async () => {
    const nested = join(dataDir, 'fresh', 'folder');
    const created = await loadOrCreateMasterKey({ dataDir: nested });
    expect(created.origin).toBe('created');
    expect(created.key).toHaveLength(32);
    const path = join(nested, 'master.key');
    expect(created.path).toBe(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(nested)).toEqual(['master.key']);

    const again = await loadOrCreateMasterKey({ configValue: '', dataDir: nested });
    expect(again).toEqual({ key: created.key, origin: 'file', path });
    expect(Buffer.from((await readFile(path, 'utf8')).trim(), 'base64')).toEqual(created.key);
  });

  it('refuses a damaged key file instead of replacing it', async () => {
    await writeFile(join(dataDir, 'master.key'), 'garbage');
    await expect(loadOrCreateMasterKey({ dataDir })).rejects.toThrow(
      /master key file .*master\.key is not 32 bytes/,
    );
  });

  it('gives concurrent callers in one process the same key', async () => {
    const keys = await Promise.all(Array.from({ length: 20 }, () => loadOrCreateMasterKey({ dataDir })));
    const distinct = new Set(keys.map((loaded) => loaded.key.toString('hex')));
    expect(distinct.size).toBe(1);
    expect(keys.filter((loaded) => loaded.origin === 'created')).toHaveLength(1);
    expect(await readdir(dataDir)).toEqual(['master.key']);
  });

  it('gives two processes starting at once the same key', async () => {
    const modulePath = fileURLToPath(new URL('./master-key.ts', import.meta.url));
    const script = `
      const { loadOrCreateMasterKey } = await import(${JSON.stringify(modulePath)});
      const loaded = await loadOrCreateMasterKey({ dataDir: process.argv[1] });
      process.stdout.write(loaded.key.toString('hex'));`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          script,
          dataDir,
        ]);
        let output = '';
        let errors = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(errors))));
      });
    const [first, second, third] = await Promise.all([run(), run(), run()]);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(await readdir(dataDir)).toEqual(['master.key']);
  });
});
