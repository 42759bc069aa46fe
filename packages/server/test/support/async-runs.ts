import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * An async flow (trigger `responeType: "async"`): a variables node, a one-second wait so that runs
 * overlap and a worker is killed with runs in hand, and a response naming the input.
 */
export function asyncFlow(id: string, greeting = 'hi') {
  return {
    id,
    name: id,
    nodes: [
      {
        id: 'triggerNode_1',
        data: {
          nodeId: 'graphqlNode',
          trigger: true,
          values: { responeType: 'async', advance_schema: '{"n":"number"}' },
        },
      },
      {
        id: 'greet',
        data: {
          nodeId: 'variablesNode',
          values: {
            mapping: `{"text":{"type":"string","value":"${greeting} {{triggerNode_1.output.n}}"}}`,
          },
        },
      },
      { id: 'pause', data: { nodeId: 'waitNode', values: { seconds: 1 } } },
      {
        id: 'response',
        data: {
          nodeId: 'graphqlResponseNode',
          values: { outputMapping: '{"n":"{{triggerNode_1.output.n}}","text":"{{greet.output.text}}"}' },
        },
      },
    ],
    edges: [
      { source: 'triggerNode_1', target: 'greet' },
      { source: 'greet', target: 'pause' },
      { source: 'pause', target: 'response' },
    ],
  };
}

/** Nodes each run of asyncFlow records: trigger, variables, wait, response. */
export const ASYNC_FLOW_NODES = 4;

export async function writeFlowFile(folder: string, flow: { id: string }): Promise<string> {
  const file = path.join(folder, `${flow.id}.json`);
  await writeFile(file, JSON.stringify(flow));
  return file;
}

const EXECUTE =
  'query Run($workflowId: String!, $payload: JSON) { executeWorkflow(workflowId: $workflowId, payload: $payload) { status result requestId } }';

export interface Submission {
  /** requestIds the server answered: the runs it accepted. */
  accepted: string[];
  /** Requests that got no requestId (refused, or the server went away). */
  failed: number;
}

/**
 * Submits `count` async runs of `workflowId` with payloads `{n: i}`, `concurrency` at a time, spread
 * round-robin over `endpoints`. Stops early (the rest count as failed) once `stop()` says so.
 */
export async function submitRuns(options: {
  endpoints: readonly string[];
  headers: Record<string, string>;
  workflowId: string;
  count: number;
  concurrency: number;
  stop?: () => boolean;
}): Promise<Submission> {
  const result: Submission = { accepted: [], failed: 0 };
  let next = 0;
  const submitOne = async (index: number) => {
    const endpoint = options.endpoints[index % options.endpoints.length] as string;
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: JSON.stringify({
          query: EXECUTE,
          variables: { workflowId: options.workflowId, payload: { n: index } },
        }),
      });
      const body = (await response.json()) as { data?: { executeWorkflow?: { requestId?: string } } };
      const requestId = body.data?.executeWorkflow?.requestId;
      if (requestId) result.accepted.push(requestId);
      else result.failed++;
    } catch {
      result.failed++;
    }
  };
  const lane = async () => {
    while (next < options.count) {
      if (options.stop?.()) {
        result.failed += options.count - next;
        next = options.count;
        return;
      }
      await submitOne(next++);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return result;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `read` until `done` holds of its value; throws with the last value after `timeoutMs`. */
export async function waitUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await sleep(intervalMs);
  }
}
