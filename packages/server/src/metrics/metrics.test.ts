import { describe, expect, it } from 'vitest';
import { run } from '../store/conformance/store-fixtures.ts';
import type { RunRecord } from '../store/store.ts';
import { BoundedLabel } from './bounded-label.ts';
import { MAX_FLOW_LABELS, Metrics } from './metrics.ts';

function finished(flowId: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return run('p', { flowId, durationMs: 1500, ...overrides });
}

describe('BoundedLabel', () => {
  it('passes the first values and reports later new ones as other', () => {
    const label = new BoundedLabel(2);
    expect(['a', 'b', 'c', 'a', 'b', 'd'].map((value) => label.value(value))).toEqual([
      'a',
      'b',
      'other',
      'a',
      'b',
      'other',
    ]);
  });
});

describe('Metrics', () => {
  it('observes requests by operation and status', async () => {
    const metrics = new Metrics();
    metrics.observeRequest('executeWorkflow', 200, 0.003);
    metrics.observeRequest('executeWorkflow', 200, 0.02);
    metrics.observeRequest('checkStatus', 404, 0.001);
    const text = await metrics.render();
    expect(text).toContain(
      'flowgate_http_request_duration_seconds_count{operation="executeWorkflow",status="200"} 2',
    );
    expect(text).toContain(
      'flowgate_http_request_duration_seconds_bucket{le="0.005",operation="executeWorkflow",status="200"} 1',
    );
    expect(text).toContain(
      'flowgate_http_request_duration_seconds_count{operation="checkStatus",status="404"} 1',
    );
  });

  it('counts finished runs by flow and status, capping distinct flows, and times them by mode', async () => {
    const metrics = new Metrics();
    metrics.observeRun(finished('hello', { status: 'running', durationMs: null }));
    metrics.observeRun(finished('hello'));
    metrics.observeRun(finished('hello', { status: 'error', mode: 'async', durationMs: 20 }));
    for (let index = 0; index < MAX_FLOW_LABELS + 5; index += 1)
      metrics.observeRun(finished(`flow-${index}`));
    const text = await metrics.render();
    expect(text).toContain('flowgate_runs_finished_total{flow="hello",status="success"} 1');
    expect(text).toContain('flowgate_runs_finished_total{flow="hello",status="error"} 1');
    // "hello" took one of the slots: the last six ids share "other".
    expect(text).toContain('flowgate_runs_finished_total{flow="other",status="success"} 6');
    expect(text).not.toContain(`flow="flow-${MAX_FLOW_LABELS}"`);
    expect(text).toContain('flowgate_run_duration_seconds_count{mode="sync",status="success"}');
    expect(text).toContain('flowgate_run_duration_seconds_bucket{le="2.5",mode="sync",status="success"}');
    expect(text).toContain('flowgate_run_duration_seconds_count{mode="async",status="error"} 1');
  });

  it('reads queue depth and webhook backlog on scrape, and tolerates their absence or failure', async () => {
    const metrics = new Metrics();
    let text = await metrics.render();
    expect(text).toContain('flowgate_webhook_backlog 0');
    expect(text).not.toMatch(/^flowgate_queue_jobs\{/m);

    let reads = 0;
    metrics.setSources({
      queue: () => ({
        depth: async (kind) => {
          reads += 1;
          if (kind === 'webhook') throw new Error('redis down');
          return { waiting: 3, delayed: 2, oldestAgeMs: 4500 };
        },
      }),
      webhookBacklog: async () => 7,
    });
    text = await metrics.render();
    expect(text).toContain('flowgate_queue_jobs{kind="run",state="waiting"} 3');
    expect(text).toContain('flowgate_queue_jobs{kind="run",state="delayed"} 2');
    expect(text).toContain('flowgate_queue_oldest_age_seconds{kind="run"} 4.5');
    expect(text).not.toContain('kind="webhook"');
    expect(text).toContain('flowgate_webhook_backlog 7');
    // Both queue gauges share one read per kind.
    expect(reads).toBe(2);
  });

  it('adds the Node.js process metrics once asked', async () => {
    const metrics = new Metrics();
    expect(await metrics.render()).not.toContain('process_cpu_user_seconds_total');
    metrics.collectProcessMetrics();
    metrics.collectProcessMetrics();
    expect(await metrics.render()).toContain('process_cpu_user_seconds_total');
  });
});
