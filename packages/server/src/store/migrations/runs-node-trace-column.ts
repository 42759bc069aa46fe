/**
 * A run's node trace moves from `run_nodes` (a row per node) into `runs.nodes`, a JSON array of the
 * nodes in position order (store/kysely/run-trace.ts). Nothing ever queried node rows on their own:
 * they were written, replaced and read back with their run. As one column, a 3-node run is one row to
 * write (six B-tree entries with the runs indexes) instead of four rows (twelve entries) and a delete:
 * the embedded writer's cost a run measured ~20 → ~12 µs. checkStatus and the Studio read one row,
 * retention deletes one.
 *
 * Existing traces are copied with the database's own JSON functions (input and output were JSON text
 * already, embedded as JSON, not as strings), then the table is dropped.
 */
import { type Kysely, type Migration, SqliteAdapter, sql } from 'kysely';

export const runsNodeTraceColumn: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('runs')
      .addColumn('nodes', 'text', (column) => column.notNull().defaultTo('[]'))
      .execute();
    if (db.getExecutor().adapter instanceof SqliteAdapter) {
      await sql`
        update runs set nodes = (
          select json_group_array(json_object(
            'position', position, 'nodeId', node_id, 'kind', kind, 'name', name, 'status', status,
            'input', json(input), 'output', json(output), 'error', error, 'startedAt', started_at,
            'durationMs', duration_ms, 'totalTokens', total_tokens) order by position)
          from run_nodes where run_nodes.request_id = runs.request_id)
        where request_id in (select request_id from run_nodes)`.execute(db);
    } else {
      await sql`
        update runs set nodes = trace.nodes
        from (
          select request_id, json_agg(json_build_object(
            'position', position, 'nodeId', node_id, 'kind', kind, 'name', name, 'status', status,
            'input', input::json, 'output', output::json, 'error', error, 'startedAt', started_at,
            'durationMs', duration_ms, 'totalTokens', total_tokens) order by position)::text as nodes
          from run_nodes group by request_id
        ) as trace
        where runs.request_id = trace.request_id`.execute(db);
    }
    await db.schema.dropTable('run_nodes').execute();
  },
};
