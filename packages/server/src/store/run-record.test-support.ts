import type { RunRecord } from './store.ts';

/** A finished sync run record for unit tests; `overrides` sets what the test is about. */
export function runRecordFixture(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    requestId: 'r',
    projectId: 'p',
    flowId: 'flow',
    deploymentNumber: 1,
    mode: 'sync',
    status: 'success',
    payload: {},
    result: null,
    error: null,
    apiKeyId: null,
    idempotencyKey: null,
    createdAt: 0,
    startedAt: 0,
    finishedAt: 5,
    durationMs: 1500,
    totalTokens: null,
    costUsd: null,
    ...overrides,
  };
}
