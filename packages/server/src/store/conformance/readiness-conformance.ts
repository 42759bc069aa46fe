import { describe, expect, it } from 'vitest';
import { MIGRATION_NAMES } from '../migrations/migrate-to-latest.ts';
import type { StoreTestTarget } from './store-test-target.ts';

export function describeReadinessConformance(target: StoreTestTarget): void {
  describe('readiness', () => {
    it('names pending migrations, then is ready once migrated, and unreachable once closed', async () => {
      const database = await target.createDatabase();
      const store = database.open();
      try {
        expect(await store.readiness()).toEqual([
          `database migrations not applied: ${MIGRATION_NAMES.join(', ')}`,
        ]);
        await store.migrate();
        expect(await store.readiness()).toEqual([]);
        expect(await store.readiness()).toEqual([]);
      } finally {
        await store.close();
      }
      const problems = await store.readiness();
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^database not reachable \(.+\)$/);
      await database.drop();
    });
  });
}
