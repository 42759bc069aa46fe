/**
 * Logs through the real server with a real session: GET P/runs (filters, search, keyset pages),
 * P/runs/:requestId (the trace) and P/runs/export (JSON and CSV), on SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunPosition, RunWithNodes } from '../src/store/store.ts';
import type { RunDetail, RunPage, RunSummary, StudioErrorBody } from '../src/studio/contract.ts';
import { createTestSchema } from './support/postgres-schema.ts';
import { StudioClient } from './support/studio-client.ts';
import {
  authHeaders,
  createTestProject,
  EXECUTE_QUERY,
  postGraphql,
  startTestServer,
  type TestProject,
  type TestServer,
} from './support/test-server.ts';

const T0 = Date.UTC(2025, 0, 15, 12);

/** A stored run with one node; `overrides` set the run's fields. */
function storedRun(
  projectId: string,
  requestId: string,
  overrides: Partial<RunWithNodes['run']> = {},
): RunWithNodes {
  return {
    run: {
      requestId,
      projectId,
      flowId: 'hello',
      deploymentNumber: 1,
      mode: 'sync',
      status: 'success',
      payload: { url: `https://example.com/${requestId}` },
      result: { greeting: 'Hello' },
      error: null,
      apiKeyId: null,
      idempotencyKey: null,
      createdAt: T0,
      startedAt: T0,
      finishedAt: T0 + 10,
      durationMs: 10,
      totalTokens: null,
      costUsd: null,
      ...overrides,
    },
    nodes: [
      {
        requestId,
        position: 0,
        nodeId: 'triggerNode_1',
        kind: 'graphqlNode',
        name: 'API Request',
        status: 'success',
        input: null,
        output: { url: 'x' },
        error: null,
        startedAt: T0,
        durationMs: 1,
        totalTokens: null,
      },
    ],
  };
}

const databases = [
  { name: 'SQLite', databaseUrl: undefined as string | undefined },
  { name: 'PostgreSQL', databaseUrl: 'postgres' },
];

describe.each(databases)('Studio runs on $name', ({ databaseUrl }) => {
  let server: TestServer;
  let client: StudioClient;
  let test: TestProject;
  let dropSchema: (() => Promise<void>) | undefined;
  let base: string;
  /** The 230 stored runs, newest first as the list orders them. */
  let stored: string[];

  beforeAll(async () => {
    let flags = {};
    if (databaseUrl !== undefined) {
      const schema = await createTestSchema();
      dropSchema = schema.drop;
      flags = { databaseUrl: schema.url };
    }
    server = await startTestServer(flags);
    client = new StudioClient(server.url);
    await client.setup();
    test = await createTestProject(server.app, ['hello.json']);
    base = `/projects/${test.project.id}`;
    const projectId = test.project.id;
    // Runs sharing a createdAt (ten per millisecond) test the requestId tie-break of the cursor.
    const batch: RunWithNodes[] = [];
    for (let index = 0; index < 230; index++) {
      const id = `run-${String(index).padStart(3, '0')}`;
      batch.push(
        storedRun(projectId, id, {
          createdAt: T0 + Math.floor(index / 10),
          status: index % 7 === 0 ? 'error' : 'success',
          flowId: index % 5 === 0 ? 'triage' : 'hello',
          error:
            index % 7 === 0 ? { code: 'WORKFLOW_FAILED', message: `node broke on ticket ${index}` } : null,
        }),
      );
    }
    batch.push(
      storedRun(projectId, 'run-special', {
        createdAt: T0 - 1000,
        payload: { note: 'a, "quoted" word\nand a second line', literal: '100%_sure', formula: '=1+1' },
        result: { greeting: 'Ünïcode ✓' },
      }),
      storedRun(projectId, 'run-test-mode', {
        createdAt: T0 - 2000,
        mode: 'test' as RunWithNodes['run']['mode'],
      }),
    );
    await server.app.store.runs.save(batch);
    stored = batch
      .filter((entry) => entry.run.requestId.startsWith('run-') && /\d$/.test(entry.run.requestId))
      .sort((a, b) => b.run.createdAt - a.run.createdAt || (a.run.requestId < b.run.requestId ? 1 : -1))
      .map((entry) => entry.run.requestId);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await dropSchema?.();
  });

  it('refuses a request without a session (401)', async () => {
    const response = await fetch(`${server.url}/studio/api${base}/runs`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as StudioErrorBody).error.code).toBe('UNAUTHENTICATED');
  });

  it('lists a real API run with its key name, and opens its per-node trace', async () => {
    const answer = await postGraphql(
      server.endpoint,
      {
        query: EXECUTE_QUERY,
        variables: { workflowId: 'hello', payload: { url: 'https://example.com/live' } },
      },
      authHeaders(test),
    );
    expect(answer.status).toBe(200);
    await server.app.recorder.flush();
    const page = await client.get<RunPage>(`${base}/runs?limit=1`);
    expect(page.status).toBe(200);
    const [run] = page.body.runs;
    expect(run).toMatchObject({ flowId: 'hello', status: 'success', mode: 'sync', apiKeyName: 'test key' });
    const detail = await client.get<RunDetail>(`${base}/runs/${run?.requestId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.payload).toEqual({ url: 'https://example.com/live' });
    expect(detail.body.result).toMatchObject({ url: 'https://example.com/live' });
    expect(detail.body.apiKeyName).toBe('test key');
    expect(detail.body.nodes.map((node) => node.nodeId)).toEqual([
      'triggerNode_1',
      'variablesNode_1',
      'responseNode_triggerNode_1',
    ]);
    expect(detail.body.nodes[1]).toMatchObject({ kind: 'variablesNode', status: 'success', position: 1 });
  });

  it('walks every stored run over pages of 50 without a duplicate or a gap', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `from=${T0}&to=${T0 + 100}&limit=50${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await client.get<RunPage>(`${base}/runs?${query}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.runs.map((run) => run.requestId));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(5);
    expect(seen).toEqual(stored);
  });

  it('filters by flow, status and time, and searches payloads, results and errors', async () => {
    const errors = await client.get<RunPage>(`${base}/runs?status=error&flowId=triage&limit=200`);
    expect(errors.body.runs.map((run) => run.requestId).sort()).toEqual(
      stored.filter((id) => Number(id.slice(4)) % 35 === 0).sort(),
    );
    const window = await client.get<RunPage>(`${base}/runs?from=${T0 + 3}&to=${T0 + 4}&limit=200`);
    expect(window.body.runs).toHaveLength(20);
    const inError = await client.get<RunPage>(`${base}/runs?search=${encodeURIComponent('TICKET 14')}`);
    expect(inError.body.runs.map((run) => run.requestId).sort()).toEqual(['run-014', 'run-140', 'run-147']);
    const inPayload = await client.get<RunPage>(`${base}/runs?search=example.com/run-2`);
    expect(inPayload.body.runs).toHaveLength(30);
    const literal = await client.get<RunPage>(`${base}/runs?search=${encodeURIComponent('0%_s')}`);
    expect(literal.body.runs.map((run) => run.requestId)).toEqual(['run-special']);
    const wildcard = await client.get<RunPage>(`${base}/runs?search=${encodeURIComponent('%')}`);
    expect(wildcard.body.runs.map((run) => run.requestId)).toEqual(['run-special']);
    const inResult = await client.get<RunPage>(`${base}/runs?search=${encodeURIComponent('Ünïcode')}`);
    expect(inResult.body.runs.map((run) => run.requestId)).toEqual(['run-special']);
    const byId = await client.get<RunPage>(`${base}/runs?search=run-007`);
    expect(byId.body.runs.map((run) => run.requestId)).toEqual(['run-007']);
  });

  it('reads a bounded number of runs per search page and goes on from where it stopped', async () => {
    const filter = { projectId: test.project.id, search: 'ticket 14', from: T0, to: T0 + 100 };
    const found: string[] = [];
    const stops: (string | undefined)[] = [];
    let after: RunPosition | undefined;
    for (let page = 0; page < 6; page++) {
      const answer = await server.app.store.studioRuns.page(filter, {
        limit: 5,
        searchScan: 50,
        ...(after === undefined ? {} : { after }),
      });
      found.push(...answer.rows.map((row) => row.requestId));
      stops.push(answer.scannedTo?.requestId);
      after = answer.scannedTo;
      if (after === undefined) break;
    }
    expect(found).toEqual(['run-147', 'run-140', 'run-014']);
    // 50 runs per page, the last 30 in one page that reaches the end.
    expect(stops).toEqual(['run-180', 'run-130', 'run-080', 'run-030', undefined]);
  });

  it('shows Studio test-runs with their mode', async () => {
    const page = await client.get<RunPage>(`${base}/runs?to=${T0 - 1500}`);
    expect(page.body.runs.map((run: RunSummary) => [run.requestId, run.mode])).toEqual([
      ['run-test-mode', 'test'],
    ]);
  });

  it('answers 400 naming each wrong field, and 404 for an unknown project or run', async () => {
    const bad = await client.get<StudioErrorBody>(
      `${base}/runs?limit=0&status=done&from=10&to=5&cursor=nonsense`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    expect(bad.body.error.fields?.map((field) => field.path).sort()).toEqual([
      'cursor',
      'limit',
      'status',
      'to',
    ]);
    expect(bad.body.error.message).toContain('status must be one of queued, running, success, error');
    const tooLong = await client.get<StudioErrorBody>(`${base}/runs?search=${'x'.repeat(201)}`);
    expect(tooLong.body.error.fields?.[0]?.path).toBe('search');
    const missingProject = await client.get<StudioErrorBody>('/projects/nope/runs');
    expect(missingProject.status).toBe(404);
    expect(missingProject.body.error.code).toBe('NOT_FOUND');
    const missingRun = await client.get<StudioErrorBody>(`${base}/runs/no-such-run`);
    expect(missingRun.status).toBe(404);
    expect(missingRun.body.error.message).toContain('no-such-run');
    const badFormat = await client.get<StudioErrorBody>(`${base}/runs/export?format=xml`);
    expect(badFormat.body.error.fields).toEqual([
      { path: 'format', message: expect.stringContaining('json, csv') },
    ]);
  });

  it('exports the filtered runs as a JSON array', async () => {
    const response = await download(`${base}/runs/export?format=json&flowId=triage`);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="runs-.+\.json"$/);
    const runs = JSON.parse(await response.text()) as (RunSummary & { payload: unknown })[];
    expect(runs.map((run) => run.requestId)).toEqual(stored.filter((id) => Number(id.slice(4)) % 5 === 0));
    expect(runs[0]?.payload).toEqual({ url: 'https://example.com/run-225' });
    const none = await download(`${base}/runs/export?format=json&flowId=nothing`);
    expect(JSON.parse(await none.text())).toEqual([]);
  });

  it('exports CSV with commas, quotes and newlines escaped, and formulas defused', async () => {
    const response = await download(`${base}/runs/export?format=csv&search=quoted`);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const rows = parseCsv(await response.text());
    expect(rows[0]).toEqual([
      'requestId',
      'createdAt',
      'flowId',
      'status',
      'mode',
      'deploymentNumber',
      'durationMs',
      'totalTokens',
      'costUsd',
      'apiKeyName',
      'payload',
      'result',
      'error',
    ]);
    expect(rows).toHaveLength(2);
    const row = rows[1] ?? [];
    expect(row[0]).toBe('run-special');
    expect(row[1]).toBe(new Date(T0 - 1000).toISOString());
    expect(JSON.parse(row[10] ?? '')).toEqual({
      note: 'a, "quoted" word\nand a second line',
      literal: '100%_sure',
      formula: '=1+1',
    });
    expect(row[12]).toBe('');
    const all = parseCsv(await (await download(`${base}/runs/export?format=csv`)).text());
    expect(all.length).toBeGreaterThan(233);
    expect(new Set(all.map((cells) => cells.length))).toEqual(new Set([13]));
  });

  async function download(path: string): Promise<Response> {
    const response = await fetch(`${server.url}/studio/api${path}`, {
      headers: { cookie: client.cookie ?? '' },
    });
    expect(response.status).toBe(200);
    return response;
  }
});

/** A strict RFC 4180 reader, written separately from the server's writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (character === '"') quoted = false;
      else cell += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(cell);
      cell = '';
    } else if (character === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index++;
    } else cell += character;
  }
  expect(cell).toBe('');
  return rows;
}
