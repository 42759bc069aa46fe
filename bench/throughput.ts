/**
 * Throughput of several servers against the first (the baseline), measured in alternating rounds: the
 * machine's own speed drifts by tens of percent within minutes (a VM sharing its host), so a baseline
 * measured first and Flowgate after could compare two different machines. Each round measures every
 * server once, back to back, in the reverse order every other round (so a steady drift favours no
 * server); a server's ratio is the median of its per-round ratios to the baseline.
 */
import autocannon from 'autocannon';
import { cpuMicros, rssMb, type Started } from './processes.ts';

const CONNECTIONS = 32;
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const ROUND_SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

export interface Target {
  name: string;
  server: Started;
  url: string;
  body: string;
  headers: Record<string, string>;
  /** Checks one answer before the load starts: throws when the server does not answer as expected. */
  check(answer: unknown): void;
}

interface Round {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  cpuMicros: number;
}

export interface Measurement {
  name: string;
  /** All rounds' requests over all rounds' time. */
  requestsPerSecond: number;
  /** Each round's req/s, in round order. */
  rounds: number[];
  /** Median of the rounds' p50; the worst round's p99. */
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  peakRssMb: number;
  /** Server CPU (user + system, all threads) per request over all rounds. */
  cpuMicrosPerRequest: number;
  /** Median of this server's req/s over the baseline's in the same round (1 for the baseline). */
  ratio: number;
  /** The lowest and highest of those per-round ratios. */
  ratioRange: [number, number];
}

export async function compareThroughput(targets: readonly Target[]): Promise<Measurement[]> {
  for (const target of targets) {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: headersOf(target),
      body: target.body,
    });
    target.check(await response.json());
    await autocannon({ ...loadOf(target), duration: WARMUP_SECONDS });
  }
  const rounds: Round[][] = targets.map(() => []);
  const peakRss = targets.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...targets.keys()];
    if (round % 2 === 1) order.reverse();
    for (const index of order) {
      const target = targets[index];
      if (target === undefined) continue;
      const sampler = setInterval(() => {
        void rssMb(target.server.process.pid).then((mb) => {
          peakRss[index] = Math.max(peakRss[index] ?? 0, mb);
        });
      }, 250);
      rounds[index]?.push(await measureRound(target));
      clearInterval(sampler);
    }
  }
  const baseline = rounds[0] ?? [];
  return targets.map((target, index) =>
    summarize(target.name, rounds[index] ?? [], baseline, peakRss[index] ?? 0),
  );
}

export function report(measurements: readonly Measurement[]): string {
  return [
    `autocannon: ${CONNECTIONS} connections, 127.0.0.1; each server ${WARMUP_SECONDS} s warm-up, then ${ROUNDS} rounds of ${ROUND_SECONDS} s, the servers one after the other in each round (every other round in reverse order)`,
    '',
    '| server | req/s | req/s by round | p50 ms | p99 ms | errors | non-2xx | peak RSS MB | server CPU µs/req | vs baseline: median of rounds (lowest–highest) |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|',
    ...measurements.map(
      (m) =>
        `| ${m.name} | ${m.requestsPerSecond} | ${m.rounds.join(' / ')} | ${m.p50Ms} | ${m.p99Ms} | ${m.errors} | ${m.non2xx} | ${m.peakRssMb} | ${m.cpuMicrosPerRequest} | ${m.ratio.toFixed(2)} (${m.ratioRange[0].toFixed(2)}–${m.ratioRange[1].toFixed(2)}) |`,
    ),
    '',
  ].join('\n');
}

async function measureRound(target: Target): Promise<Round> {
  const cpuBefore = await cpuMicros(target.server.process.pid);
  const result = await autocannon({ ...loadOf(target), duration: ROUND_SECONDS });
  const cpuAfter = await cpuMicros(target.server.process.pid);
  return {
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    cpuMicros: cpuAfter - cpuBefore,
  };
}

function summarize(name: string, rounds: readonly Round[], baseline: readonly Round[], peakRssMb: number) {
  const requests = sum(rounds.map((round) => round.requests));
  const ratios = rounds.map(
    (round, index) => round.requestsPerSecond / Math.max(1, baseline[index]?.requestsPerSecond ?? 0),
  );
  return {
    name,
    requestsPerSecond: Math.round(requests / (rounds.length * ROUND_SECONDS)),
    rounds: rounds.map((round) => round.requestsPerSecond),
    p50Ms: median(rounds.map((round) => round.p50Ms)),
    p99Ms: Math.max(...rounds.map((round) => round.p99Ms)),
    errors: sum(rounds.map((round) => round.errors)),
    non2xx: sum(rounds.map((round) => round.non2xx)),
    peakRssMb: Math.round(peakRssMb),
    cpuMicrosPerRequest: Math.round(sum(rounds.map((round) => round.cpuMicros)) / Math.max(1, requests)),
    ratio: median(ratios),
    ratioRange: [Math.min(...ratios), Math.max(...ratios)] as [number, number],
  };
}

function loadOf(target: Target) {
  return {
    url: target.url,
    method: 'POST' as const,
    body: target.body,
    headers: headersOf(target),
    connections: CONNECTIONS,
  };
}

function headersOf(target: Target): Record<string, string> {
  return { 'content-type': 'application/json', ...target.headers };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
