import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { baseTime, run, runNode } from '../conformance/store-fixtures.ts';
import { KyselyRunRepository } from '../kysely/run-repository.ts';
import { MIGRATION_NAMES } from '../migrations/migrate-to-latest.ts';
import type { Database } from '../schema.ts';
import { describeStoreConformance } from '../store.conformance.ts';
import { StoreConstraintError } from '../store-constraint-error.ts';
import { WriteLockingSqliteDialect } from './sqlite-dialect.ts';
import { createSqliteStore } from './sqlite-store.ts';

const root = mkdtempSync(join(tmpdir(), 'flowgate-sqlite-store-'));
let databases = 0;

afterAll(() => rmSync(root, { recursive: true, force: true }));

const childScript = fileURLToPath(new URL('./sqlite-store-child-process.ts', import.meta.url));

/**
 * Runs the child script in `processes` processes that begin work at the same moment (start-up takes
 * a second or more on a busy machine, hence the margin). Returns each one's deployment numbers.
 */
async function inChildProcesses(processes: number, args: readonly string[]): Promise<number[][]> {
  const startAt = String(Date.now() + 3000);
  const [command = '', path = '', ...rest] = args;
  const outputs = await Promise.all(
    Array.from({ length: processes }, () => {
      return promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', childScript, command, path, startAt, ...rest],
        { cwd: dirname(childScript), timeout: 60_000 },
      );
    }),
  );
  return outputs.map((output) => JSON.parse(output.stdout) as number[]);
}

function freshPath(): string {
  databases += 1;
  return join(root, `db-${databases}`, 'flowgate.db');
}

describeStoreConformance('SQLite', {
  concurrentStoresInOneThread: false,
  async createDatabase() {
    const path = freshPath();
    return {
      open: () => createSqliteStore({ path }),
      drop: async () => rmSync(join(path, '..'), { recursive: true, force: true }),
    };
  },
});

describe('SQLite store', () => {
  it('keeps the shared Kysely run path (the baseline both adapters replace) to the same contract', async () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    const shared = new Kysely<Database>({
      dialect: new WriteLockingSqliteDialect({ database: new BetterSqlite3(path) }),
    });
    try {
      await store.migrate();
      await store.projects.create({ id: 'a', name: 'a', createdAt: baseTime });
      await store.projects.create({ id: 'b', name: 'b', createdAt: baseTime });
      const runs = new KyselyRunRepository(shared);
      const first = run('a', { status: 'running' });
      await runs.save([
        { run: first, nodes: [0, 1, 2].map((position) => runNode(first.requestId, position)) },
      ]);
      const done = { ...first, status: 'success' as const };
      const nodes = [runNode(first.requestId, 0, { output: { replaced: true } })];
      await runs.save([
        { run: first, nodes: [] },
        { run: done, nodes },
      ]);
      expect(await store.runs.get('a', first.requestId)).toEqual({ run: done, nodes });
      const hijack = runs.save([{ run: { ...done, projectId: 'b' }, nodes: [] }]);
      await expect(hijack).rejects.toBeInstanceOf(StoreConstraintError);
      expect(await runs.get('b', first.requestId)).toBeUndefined();
      expect(await runs.list('a', { limit: 5 })).toEqual([done]);
    } finally {
      await shared.destroy();
      await store.close();
    }
  });

  it('writes run batches on its own connection when no writer thread can open the database (:memory:)', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    try {
      await store.migrate();
      await store.projects.create({ id: 'p', name: 'p', createdAt: 1 });
      await store.projects.create({ id: 'q', name: 'q', createdAt: 1 });
      const first = run('p', { status: 'running' });
      await store.runs.save([{ run: first, nodes: [runNode(first.requestId, 0)] }]);
      const finished = { ...first, status: 'success' as const };
      await store.runs.save([
        { run: finished, nodes: [runNode(first.requestId, 0), runNode(first.requestId, 1)] },
      ]);
      const found = await store.runs.get('p', first.requestId);
      expect(found?.run.status).toBe('success');
      expect(found?.nodes.map((node) => node.position)).toEqual([0, 1]);
      await expect(store.runs.save([{ run: { ...first, projectId: 'q' }, nodes: [] }])).rejects.toThrow(
        StoreConstraintError,
      );
      expect((await store.runs.get('p', first.requestId))?.nodes).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  it('opens the file in WAL mode with foreign keys on, and closes it even when unused', async () => {
    const path = freshPath();
    const unused = createSqliteStore({ path });
    const version = unused.externalChangeVersion();
    expect(Number.isInteger(version)).toBe(true);
    await unused.close();
    expect(() => unused.externalChangeVersion()).toThrow(/not open/);

    const store = createSqliteStore({ path });
    try {
      await store.migrate();
      const database = new BetterSqlite3(path, { readonly: true });
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
      database.close();
      await expect(
        store.flows.put({ projectId: 'missing', id: 'f', name: 'f', definition: {}, updatedAt: 1 }),
      ).rejects.toThrow(/does not exist/);
    } finally {
      await store.close();
    }
  });

  /** The store reuses the change version for 20 ms; a change is seen once that has passed. */
  const outlastVersionMemo = () => new Promise((resolve) => setTimeout(resolve, 25));

  it('moves externalChangeVersion on configuration writes by any connection (within 20 ms), not on runs or key use', async () => {
    const path = freshPath();
    const server = createSqliteStore({ path });
    const cli = createSqliteStore({ path });
    try {
      await server.migrate();
      await cli.migrate();
      await outlastVersionMemo();
      const before = server.externalChangeVersion();
      await cli.projects.create({ id: 'p', name: 'from the CLI', createdAt: 1 });
      await outlastVersionMemo();
      const afterCreate = server.externalChangeVersion();
      expect(afterCreate).not.toBe(before);

      const cliBefore = cli.externalChangeVersion();
      await server.apiKeys.create({
        id: 'k',
        projectId: 'p',
        name: 'n',
        prefix: 'fg_',
        lastFour: 'abcd',
        hash: 'h',
        scopes: [],
        createdAt: 1,
        expiresAt: null,
        lastUsedAt: null,
        revokedAt: null,
      });
      await outlastVersionMemo();
      expect(cli.externalChangeVersion()).not.toBe(cliBefore);

      // Runs (written by the writer thread, on its own connection) and key use are not configuration.
      const quiet = server.externalChangeVersion();
      await server.runs.save([{ run: run('p', { requestId: 'r1' }), nodes: [runNode('r1', 0)] }]);
      await server.apiKeys.touch([{ id: 'k', at: 5 }]);
      await outlastVersionMemo();
      expect(server.externalChangeVersion()).toBe(quiet);
      expect((await server.runs.get('p', 'r1'))?.run.requestId).toBe('r1');

      await cli.apiKeys.revoke('p', 'k', 2);
      await outlastVersionMemo();
      expect(server.externalChangeVersion()).not.toBe(quiet);
      expect((await server.apiKeys.findByHash('h'))?.revokedAt).toBe(2);
    } finally {
      await server.close();
      await cli.close();
    }
  });
});

describe('SQLite store across processes', () => {
  it('migrates once when several processes migrate a new file at once', async () => {
    const path = freshPath();
    await inChildProcesses(4, ['migrate', path]);
    const database = new BetterSqlite3(path, { readonly: true });
    try {
      const applied = database.prepare('select name from kysely_migration').pluck().all();
      expect(applied).toEqual(MIGRATION_NAMES);
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      database.close();
    }
  });

  it('gives deploys from several processes distinct sequential numbers and one active', async () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    await store.migrate();
    await store.projects.create({ id: 'p', name: 'shared', createdAt: 1 });
    await store.close();

    const numbers = (await inChildProcesses(3, ['deploy', path, 'p', '10'])).flat();
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));

    const reader = createSqliteStore({ path });
    try {
      const active = (await reader.deployments.list('p')).filter((deployment) => deployment.active);
      expect(active.map((deployment) => deployment.number)).toEqual([30]);
    } finally {
      await reader.close();
    }
  });
});
