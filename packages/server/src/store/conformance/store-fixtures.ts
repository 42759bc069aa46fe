import { randomUUID } from 'node:crypto';
import type { JsonValue } from '@flowgate/engine';
import type { ApiKeyRecord, RunNodeRecord, RunRecord, Store } from '../store.ts';

/** Past 2^31 ms, as real epoch times are: proves int8 columns come back as exact JS numbers. */
export const baseTime = 1_760_000_000_000;

export function projectIds(): [string, string] {
  return [randomUUID(), randomUUID()];
}

/** Creates a project and returns its id. */
export async function project(store: Store): Promise<string> {
  const id = randomUUID();
  await store.projects.create({ id, name: `project ${id.slice(0, 8)}`, createdAt: baseTime });
  return id;
}

export function apiKey(projectId: string, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  const id = randomUUID();
  return {
    id,
    projectId,
    name: 'default',
    prefix: 'fg_abc',
    lastFour: 'wxyz',
    hash: `hash-${id}`,
    scopes: ['execute', 'status'],
    createdAt: baseTime,
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    ...overrides,
  };
}

export function run(projectId: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    requestId: randomUUID(),
    projectId,
    flowId: 'flow-a',
    deploymentNumber: 1,
    mode: 'sync',
    status: 'success',
    payload: { question: 'hi' },
    result: { answer: 'hello' },
    error: null,
    apiKeyId: null,
    idempotencyKey: null,
    createdAt: baseTime,
    startedAt: baseTime + 1,
    finishedAt: baseTime + 21,
    durationMs: 20,
    totalTokens: 42,
    costUsd: 0.000125,
    ...overrides,
  };
}

export function runNode(requestId: string, position: number, overrides: Partial<RunNodeRecord> = {}) {
  const node: RunNodeRecord = {
    requestId,
    position,
    nodeId: `node_${position}`,
    kind: 'codeNode',
    name: `Node ${position}`,
    status: 'success',
    input: { position },
    output: { value: position * 2 },
    error: null,
    startedAt: baseTime + position,
    durationMs: 3,
    totalTokens: null,
    ...overrides,
  };
  return node;
}

/** Values JSON columns must give back exactly. */
export const nestedJson: JsonValue = {
  text: 'quotes " and \\ backslashes, émojis 🚀, newline\n',
  numbers: [0, -1, 0.1 + 0.2, 2.5e-8, 1e21, Number.MAX_SAFE_INTEGER],
  flags: [true, false, null],
  empty: { object: {}, array: [], string: '' },
  deep: { a: { b: { c: [{ d: [1, [2, [3]]] }] } } },
};
