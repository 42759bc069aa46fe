/**
 * Reports through the real server with a real session: the figures of known stored runs, per hour,
 * per day, per flow and in total, on SQLite and on PostgreSQL, checked against a plain
 * recomputation; and the answers to bad periods.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunWithNodes } from '../src/store/store.ts';
import type { ReportView, StudioErrorBody } from '../src/studio/contract.ts';
import { createTestSchema } from './support/postgres-schema.ts';
import { StudioClient } from './support/studio-client.ts';
import { createTestProject, startTestServer, type TestServer } from './support/test-server.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 2, 10); // a midnight, UTC

interface Spec {
  at: number;
  flowId: string;
  status: RunWithNodes['run']['status'];
  mode: string;
  durationMs: number | null;
  tokens: number | null;
  cost: number | null;
}

/** Three flows over two days; errors, unfinished runs, and test/subflow runs that reports leave out. */
function specs(): Spec[] {
  const list: Spec[] = [];
  for (let index = 0; index < 120; index++) {
    list.push({
      at: T0 + (index % 40) * HOUR + index * 1000,
      flowId: ['hello', 'triage', 'summarise'][index % 3] as string,
      status: index % 11 === 0 ? 'running' : index % 6 === 0 ? 'error' : 'success',
      mode: index % 13 === 0 ? 'test' : index % 17 === 0 ? 'subflow' : index % 2 === 0 ? 'sync' : 'async',
      durationMs: index % 11 === 0 ? null : 20 + ((index * 37) % 500),
      tokens: index % 4 === 0 ? null : 100 + index,
      cost: index % 4 === 0 ? null : (100 + index) * 0.000002,
    });
  }
  return list;
}

/** What a report of these runs must say, computed the plain way. */
function expected(list: Spec[], keyOf: (spec: Spec) => string) {
  const groups = new Map<string, Spec[]>();
  for (const spec of list) {
    if (spec.mode === 'test' || spec.mode === 'subflow') continue;
    groups.set(keyOf(spec), [...(groups.get(keyOf(spec)) ?? []), spec]);
  }
  const figures = new Map<string, object>();
  for (const [key, runs] of groups) {
    const durations = runs
      .filter((run) => run.status === 'success' || run.status === 'error')
      .map((run) => run.durationMs as number)
      .sort((a, b) => a - b);
    const rank = (p: number) => durations[Math.ceil((p * durations.length) / 100) - 1] ?? null;
    const errors = runs.filter((run) => run.status === 'error').length;
    figures.set(key, {
      requests: runs.length,
      errors,
      errorRate: errors / runs.length,
      p50Ms: rank(50),
      p95Ms: rank(95),
      totalTokens: runs.reduce((sum, run) => sum + (run.tokens ?? 0), 0),
      costUsd: expect.closeTo(
        runs.reduce((sum, run) => sum + (run.cost ?? 0), 0),
        7,
      ),
    });
  }
  return figures;
}

describe.each([
  { name: 'SQLite', postgres: false },
  { name: 'PostgreSQL', postgres: true },
])('Studio reports on $name', ({ postgres }) => {
  let server: TestServer;
  let client: StudioClient;
  let base: string;
  let dropSchema: (() => Promise<void>) | undefined;
  const list = specs();

  beforeAll(async () => {
    let flags = {};
    if (postgres) {
      const schema = await createTestSchema();
      dropSchema = schema.drop;
      flags = { databaseUrl: schema.url };
    }
    server = await startTestServer(flags);
    client = new StudioClient(server.url);
    await client.setup();
    const { project } = await createTestProject(server.app, []);
    base = `/projects/${project.id}/reports`;
    await server.app.store.runs.save(
      list.map((spec, index) => ({
        run: {
          requestId: `report-run-${index}`,
          projectId: project.id,
          flowId: spec.flowId,
          deploymentNumber: 1,
          mode: spec.mode as RunWithNodes['run']['mode'],
          status: spec.status,
          payload: {},
          result: null,
          error: null,
          apiKeyId: null,
          idempotencyKey: null,
          createdAt: spec.at,
          startedAt: spec.at,
          finishedAt: spec.durationMs === null ? null : spec.at + spec.durationMs,
          durationMs: spec.durationMs,
          totalTokens: spec.tokens,
          costUsd: spec.cost,
        },
        nodes: [],
      })),
    );
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await dropSchema?.();
  });

  it('sums each hour, each flow and the period like a plain recomputation', async () => {
    const from = T0;
    const to = T0 + 2 * DAY - 1;
    const report = await client.get<ReportView>(`${base}?from=${from}&to=${to}&bucket=hour`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ from, to, bucket: 'hour' });
    // Every hour of the period, the empty ones as zeros, so a chart's time axis is regular.
    expect(report.body.buckets).toHaveLength(48);
    const byHour = expected(list, (spec) => String(spec.at - (spec.at % HOUR)));
    for (const bucket of report.body.buckets) {
      const { start, ...figures } = bucket;
      expect(figures).toEqual(
        byHour.get(String(start)) ?? {
          requests: 0,
          errors: 0,
          errorRate: 0,
          p50Ms: null,
          p95Ms: null,
          totalTokens: 0,
          costUsd: 0,
        },
      );
    }
    const byFlow = expected(list, (spec) => spec.flowId);
    expect(report.body.flows.map((flow) => flow.flowId).sort()).toEqual(['hello', 'summarise', 'triage']);
    for (const { flowId, ...figures } of report.body.flows) expect(figures).toEqual(byFlow.get(flowId));
    expect(report.body.totals).toEqual(expected(list, () => 'all').get('all'));
  });

  it('groups by day and narrows to one flow', async () => {
    const report = await client.get<ReportView>(
      `${base}?from=${T0}&to=${T0 + 2 * DAY - 1}&bucket=day&flowId=triage`,
    );
    const triage = list.filter((spec) => spec.flowId === 'triage');
    const byDay = expected(triage, (spec) => String(spec.at - (spec.at % DAY)));
    expect(report.body.buckets.map((bucket) => bucket.start)).toEqual([T0, T0 + DAY]);
    for (const { start, ...figures } of report.body.buckets)
      expect(figures).toEqual(byDay.get(String(start)));
    expect(report.body.flows.map((flow) => flow.flowId)).toEqual(['triage']);
  });

  it('defaults to the last 24 hours by hour', async () => {
    const before = Date.now();
    const report = await client.get<ReportView>(base);
    expect(report.body.bucket).toBe('hour');
    expect(report.body.to).toBeGreaterThanOrEqual(before);
    expect(report.body.to - report.body.from).toBe(DAY);
    expect(report.body.totals.requests).toBe(0);
    expect(report.body.buckets.length).toBeGreaterThanOrEqual(24);
  });

  it('answers 400 for a bad period or bucket, 404 for an unknown project', async () => {
    const bad = await client.get<StudioErrorBody>(`${base}?from=20&to=10&bucket=week`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.map((field) => field.path).sort()).toEqual(['bucket', 'to']);
    const tooMany = await client.get<StudioErrorBody>(`${base}?from=0&to=${T0}&bucket=hour`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('choose bucket=day or a shorter period');
    const notTime = await client.get<StudioErrorBody>(`${base}?from=yesterday`);
    expect(notTime.body.error.fields).toEqual([
      { path: 'from', message: expect.stringContaining('epoch milliseconds') },
    ]);
    const missing = await client.get<StudioErrorBody>('/projects/nope/reports');
    expect(missing.status).toBe(404);
  });
});
