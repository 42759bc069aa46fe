/**
 * The embedded mode's promise (DESIGN §3): one `flowgate serve` on SQLite, killed with SIGKILL while
 * it accepts and runs async runs, then started again on the same data folder, finishes every run it
 * had accepted. None is lost, none runs into a second record.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASYNC_FLOW_NODES, asyncFlow, submitRuns, waitUntil, writeFlowFile } from './support/async-runs.ts';
import { flowgate, startServeProcess, stopProcess } from './support/cli.ts';

const PLANNED = 400;
/** The server is killed as the 200th request is sent: about half-way. */
const KILL_AT_REQUEST = 200;

describe('embedded mode: a serve process killed mid-way and restarted', () => {
  let folder: string;
  let env: Record<string, string>;
  let headers: Record<string, string>;
  let projectId: string;
  let server: { process: ChildProcess; url: string } | undefined;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'flowgate-embedded-'));
    env = {
      FLOWGATE_DATA: folder,
      PORT: '0',
      // Runs held by the killed process come back 2 s after it died, not 30.
      FLOWGATE_QUEUE_LEASE_MS: '2000',
      // Runs recorded for requests the kill cut off, whose job never got to the queue, are closed after 3 s.
      FLOWGATE_STALE_RUN_MS: '3000',
      FLOWGATE_WORKER_CONCURRENCY: '32',
      FLOWGATE_PROJECT_CONCURRENCY: '0',
      FLOWGATE_RATE_LIMIT_KEY_PER_SECOND: '0',
      FLOWGATE_RATE_LIMIT_PROJECT_PER_SECOND: '0',
    };
    projectId = JSON.parse(await flowgate(['project', 'create', '--name', 'durable', '--json'], env)).id;
    const key = JSON.parse(await flowgate(['keys', 'create', '--project', projectId, '--json'], env)).key;
    headers = { authorization: `Bearer ${key}`, 'x-project-id': projectId };
    const file = await writeFlowFile(folder, asyncFlow('later'));
    await flowgate(['flows', 'deploy', file, '--project', projectId, '--json'], env);
  }, 60_000);

  afterAll(async () => {
    if (server) await stopProcess(server.process);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  /** Reads the store as another process would (WAL: readers do not block the server). */
  const readRuns = () => {
    const database = new BetterSqlite3(path.join(folder, 'flowgate.db'), { readonly: true });
    try {
      const rows = database.prepare('select request_id, status, error from runs').all() as {
        request_id: string;
        status: string;
        error: string | null;
      }[];
      const nodes = database
        .prepare('select coalesce(sum(json_array_length(nodes)), 0) as count from runs')
        .get() as { count: number };
      const jobs = database.prepare('select count(*) as count from jobs').get() as { count: number };
      return { rows, nodes: nodes.count, jobs: jobs.count };
    } finally {
      database.close();
    }
  };

  it('finishes every accepted run after a SIGKILL and a restart', async () => {
    server = await startServeProcess(env);
    const first = server;
    let sent = 0;
    let killedWith: ReturnType<typeof readRuns> | undefined;
    const submitted = await submitRuns({
      endpoints: [`${first.url}/graphql`],
      headers,
      workflowId: 'later',
      count: PLANNED,
      concurrency: 16,
      stop: () => {
        sent++;
        if (sent === KILL_AT_REQUEST) {
          killedWith = readRuns();
          first.process.kill('SIGKILL');
        }
        return first.process.signalCode !== null || killedWith !== undefined;
      },
    });
    expect(killedWith).toBeDefined();
    // Some runs were waiting, some running, some done when the process died.
    const statuses = new Set(killedWith?.rows.map((row) => row.status));
    expect(statuses.has('queued') || statuses.has('running')).toBe(true);
    expect(submitted.accepted.length).toBeGreaterThan(0);

    server = await startServeProcess(env);
    const done = await waitUntil(
      async () => readRuns(),
      (state) => state.rows.every((row) => row.status === 'success' || row.status === 'error'),
      60_000,
    );
    const byId = new Map(done.rows.map((row) => [row.request_id, row.status]));
    for (const requestId of submitted.accepted) expect(byId.get(requestId)).toBe('success');
    const finished = done.rows.filter((row) => row.status === 'success').length;
    expect(done.nodes).toBe(finished * ASYNC_FLOW_NODES);
    // Any other run is one the kill cut off before its job was queued: closed, not left in-progress.
    for (const row of done.rows.filter((row) => row.status === 'error')) {
      expect(submitted.accepted).not.toContain(row.request_id);
      expect(JSON.parse(row.error ?? '{}')).toMatchObject({ code: 'RUN_ABANDONED' });
    }
    await waitUntil(
      async () => readRuns().jobs,
      (jobs) => jobs === 0,
      5000,
    );
    process.stdout.write(
      `embedded: ${submitted.accepted.length} runs accepted before the kill (${killedWith?.rows.length} recorded ` +
        `when it came), all finished after the restart; ${done.rows.length - submitted.accepted.length} more ` +
        `were recorded for requests the kill cut off (${finished - submitted.accepted.length} of them ran, the others were closed as abandoned)\n`,
    );
  }, 120_000);
});
