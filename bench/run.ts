import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { measureAsyncRuns } from './async-runs.ts';
import { ENGINE_CASES, type EngineCase } from './engine-cases.ts';
import { cli, FLOWGATE, ROOT, rssMb, type Started, start, stop } from './processes.ts';
import { measureStudioPages } from './studio-pages.ts';
import { compareThroughput, type Measurement, report } from './throughput.ts';

async function main(): Promise<void> {
  const body = JSON.stringify({
    query:
      'query ExecuteWorkflow($workflowId: String!, $payload: JSON) { executeWorkflow(workflowId: $workflowId, payload: $payload) { status result } }',
    variables: { workflowId: 'hello', payload: { url: 'https://example.com/article' } },
  });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'flowgate-bench-'));
  // The limiter stays on the hot path, with limits no benchmark reaches; the 429 case sets a key's own.
  const env = {
    FLOWGATE_DATA: dataDir,
    LOG_LEVEL: 'warn',
    FLOWGATE_RATE_LIMIT_KEY_PER_SECOND: '10000000',
    FLOWGATE_RATE_LIMIT_KEY_BURST: '10000000',
    FLOWGATE_RATE_LIMIT_PROJECT_PER_SECOND: '10000000',
    FLOWGATE_RATE_LIMIT_PROJECT_BURST: '10000000',
  };
  const project = JSON.parse(await cli(['project', 'create', '--name', 'bench', '--json'], env)) as {
    id: string;
  };
  const key = JSON.parse(await cli(['keys', 'create', '--project', project.id, '--json'], env)) as {
    key: string;
  };
  // The 429 path: a key limited to 1 request/s, so all but a handful of requests are refused.
  const limitedKey = JSON.parse(
    await cli(['keys', 'create', '--project', project.id, '--rate-limit', '1', '--json'], env),
  ) as { key: string };
  await cli(
    ['flows', 'deploy', path.join(ROOT, 'examples/hello.json'), '--project', project.id, '--json'],
    env,
  );
  const baseline = await start([path.join(ROOT, 'bench/baseline-server.mjs')], {});
  const flowgate = await start([FLOWGATE, 'serve'], { ...env, PORT: '0' });
  const headers = { authorization: `Bearer ${key.key}`, 'x-project-id': project.id };
  const measurements = await compareThroughput([
    {
      name: 'bare node:http (baseline)',
      server: baseline,
      url: `${baseline.url}/graphql`,
      body,
      headers: {},
      check: expectSuccess,
    },
    {
      name: 'Flowgate, 3-node flow (trigger → variables → response)',
      server: flowgate,
      url: `${flowgate.url}/graphql`,
      body,
      headers,
      check: expectSuccess,
    },
    {
      name: 'Flowgate, 429 path (key limited to 1 req/s: non-2xx are the refusals)',
      server: flowgate,
      url: `${flowgate.url}/graphql`,
      body,
      headers: { ...headers, authorization: `Bearer ${limitedKey.key}` },
      check: () => undefined,
    },
  ]);
  await Promise.all([stop(baseline.process), stop(flowgate.process)]);
  process.stdout.write(report(measurements));
  await writeResults(measurements);
  // BENCH_ONLY=throughput stops here: the sync-flow comparison alone, for repeated runs.
  if (process.env.BENCH_ONLY !== 'throughput') await measureEngineCases(project.id, headers, env, dataDir);
  await rm(dataDir, { recursive: true, force: true });
  if (process.env.BENCH_ONLY === 'throughput') return;
  await measureAsyncRuns();
  await measureStudioPages();
}

function expectSuccess(answer: unknown): void {
  const status = (answer as { data?: { executeWorkflow?: { status?: string } } }).data?.executeWorkflow
    ?.status;
  if (status !== 'success') throw new Error(`the benchmark request failed: ${JSON.stringify(answer)}`);
}

/** The engine's heavy cases, each timed alone on a server with a 4 MiB body limit. */
async function measureEngineCases(
  projectId: string,
  headers: Record<string, string>,
  env: Record<string, string>,
  dataDir: string,
): Promise<void> {
  const files = await Promise.all(
    ENGINE_CASES.map(async (engineCase, index) => {
      const file = path.join(dataDir, `case-${index}.json`);
      await writeFile(file, JSON.stringify(engineCase.flow));
      return file;
    }),
  );
  await cli(['flows', 'deploy', ...files, '--project', projectId, '--json'], env);
  const server = await start([FLOWGATE, 'serve'], {
    ...env,
    PORT: '0',
    FLOWGATE_BODY_LIMIT_BYTES: String(4 * 1024 * 1024),
  });
  const rows: string[] = [];
  for (const engineCase of ENGINE_CASES) rows.push(await measureCase(engineCase, server, headers));
  await stop(server.process);
  const lines = [
    '',
    'Engine cases (one request at a time: 1 warm-up, then the median and worst of 5):',
    '',
    '| case | median ms | worst ms | server peak RSS MB |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

async function measureCase(
  engineCase: EngineCase,
  server: Started,
  headers: Record<string, string>,
): Promise<string> {
  const flow = engineCase.flow as { id: string };
  const body = JSON.stringify({
    query:
      'query Run($workflowId: String!, $payload: JSON) { executeWorkflow(workflowId: $workflowId, payload: $payload) { status result } }',
    variables: { workflowId: flow.id, payload: engineCase.payload },
  });
  let peakRss = 0;
  const sampler = setInterval(() => {
    void rssMb(server.process.pid).then((mb) => {
      peakRss = Math.max(peakRss, mb);
    });
  }, 20);
  const times: number[] = [];
  for (let attempt = 0; attempt < 6; attempt++) {
    const started = performance.now();
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const answer = (await response.json()) as {
      data?: { executeWorkflow?: { status: string; result: unknown } };
    };
    const elapsed = performance.now() - started;
    if (answer.data?.executeWorkflow?.status !== 'success') {
      throw new Error(`${engineCase.name} failed: ${JSON.stringify(answer).slice(0, 300)}`);
    }
    engineCase.verify(answer.data.executeWorkflow.result);
    if (attempt > 0) times.push(elapsed);
  }
  clearInterval(sampler);
  peakRss = Math.max(peakRss, await rssMb(server.process.pid));
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  return `| ${engineCase.name} | ${median.toFixed(1)} | ${(times.at(-1) ?? 0).toFixed(1)} | ${Math.round(peakRss)} |`;
}

async function writeResults(measurements: readonly Measurement[]): Promise<void> {
  const directory = path.join(ROOT, 'bench/results');
  await mkdir(directory, { recursive: true });
  await writeFile(
    path.join(directory, 'latest.json'),
    `${JSON.stringify({ at: new Date().toISOString(), measurements }, null, 2)}\n`,
  );
}

await main();
