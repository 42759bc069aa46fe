import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { measureAsyncRuns } from './async-runs.ts';
import { ENGINE_CASES, type EngineCase } from './engine-cases.ts';
import { cli, FLOWGATE, ROOT, type Started, start, stop } from './processes.ts';
import { measureStudioPages } from './studio-pages.ts';

const CONNECTIONS = 32;
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

interface Measurement {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  peakRssMb: number;
  /** Server CPU (user + system) per request: the cost, whatever else the machine is doing. */
  cpuMicrosPerRequest: number;
}

async function main(): Promise<void> {
  const body = JSON.stringify({
    query:
      'query ExecuteWorkflow($workflowId: String!, $payload: JSON) { executeWorkflow(workflowId: $workflowId, payload: $payload) { status result } }',
    variables: { workflowId: 'hello', payload: { url: 'https://example.com/article' } },
  });
  const baseline = await start([path.join(ROOT, 'bench/baseline-server.mjs')], {});
  const baselineResult = await measure(
    'bare node:http (baseline)',
    baseline,
    `${baseline.url}/graphql`,
    body,
    {},
  );
  await stop(baseline.process);

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
  await cli(
    ['flows', 'deploy', path.join(ROOT, 'examples/hello.json'), '--project', project.id, '--json'],
    env,
  );
  const flowgate = await start([FLOWGATE, 'serve'], { ...env, PORT: '0' });
  const headers = { authorization: `Bearer ${key.key}`, 'x-project-id': project.id };
  const flowgateResult = await measure(
    'Flowgate, 3-node flow (trigger → variables → response)',
    flowgate,
    `${flowgate.url}/graphql`,
    body,
    headers,
  );
  // The 429 path: a key limited to 1 request/s, so all but a handful of requests are refused.
  const limitedKey = JSON.parse(
    await cli(['keys', 'create', '--project', project.id, '--rate-limit', '1', '--json'], env),
  ) as { key: string };
  const rejectedResult = await measure(
    'Flowgate, 429 path (key limited to 1 req/s: non-2xx are the refusals)',
    flowgate,
    `${flowgate.url}/graphql`,
    body,
    { ...headers, authorization: `Bearer ${limitedKey.key}` },
  );
  await stop(flowgate.process);
  report([baselineResult, flowgateResult, rejectedResult]);
  await measureEngineCases(project.id, headers, env, dataDir);
  await rm(dataDir, { recursive: true, force: true });
  await measureAsyncRuns();
  await measureStudioPages();
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

async function measure(
  name: string,
  server: Started,
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<Measurement> {
  const check = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const answer = (await check.json()) as { data?: { executeWorkflow?: { status?: string } } };
  if (answer.data?.executeWorkflow?.status !== 'success') {
    throw new Error(`${name} did not answer the benchmark request: ${JSON.stringify(answer)}`);
  }
  const options = {
    url,
    method: 'POST' as const,
    body,
    headers: { 'content-type': 'application/json', ...headers },
    connections: CONNECTIONS,
  };
  await autocannon({ ...options, duration: WARMUP_SECONDS });
  let peakRss = 0;
  const sampler = setInterval(() => {
    void rssMb(server.process.pid).then((mb) => {
      peakRss = Math.max(peakRss, mb);
    });
  }, 250);
  const cpuBefore = await cpuMicros(server.process.pid);
  const result = await autocannon({ ...options, duration: SECONDS });
  const cpuAfter = await cpuMicros(server.process.pid);
  clearInterval(sampler);
  return {
    name,
    cpuMicrosPerRequest: Math.round((cpuAfter - cpuBefore) / Math.max(1, result.requests.total)),
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    peakRssMb: Math.round(peakRss),
  };
}

function report(measurements: Measurement[]): void {
  const baseline = measurements[0] as Measurement;
  const lines = [
    `autocannon: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up, ${SECONDS} s measured, 127.0.0.1`,
    '',
    '| server | req/s | p50 ms | p99 ms | errors | non-2xx | peak RSS MB | server CPU µs/req | vs baseline |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...measurements.map(
      (m) =>
        `| ${m.name} | ${m.requestsPerSecond} | ${m.p50Ms} | ${m.p99Ms} | ${m.errors} | ${m.non2xx} | ${m.peakRssMb} | ${m.cpuMicrosPerRequest} | ${(m.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  void writeResults(measurements);
}

async function writeResults(measurements: Measurement[]): Promise<void> {
  const directory = path.join(ROOT, 'bench/results');
  await mkdir(directory, { recursive: true });
  await writeFile(
    path.join(directory, 'latest.json'),
    `${JSON.stringify({ at: new Date().toISOString(), measurements }, null, 2)}\n`,
  );
}

/** utime + stime of a process from /proc, in microseconds (clock ticks are 100 Hz on Linux). */
async function cpuMicros(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10_000;
}

async function rssMb(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

await main();
