import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { JobKind, JobQueue } from '../queue/job-queue.ts';
import type { RunRecord } from '../store/store.ts';
import { BoundedLabel } from './bounded-label.ts';

/** Distinct flow ids labelled on run metrics; later ones count as `other`. */
export const MAX_FLOW_LABELS = 1000;
const QUEUE_KINDS: readonly JobKind[] = ['run', 'webhook'];

/** Where the scrape-time gauges read from; each may be absent (nothing wired: no samples, or 0). */
export interface MetricsSources {
  queue?: () => Pick<JobQueue, 'depth'> | undefined;
  /** Webhook deliveries waiting to be sent. */
  webhookBacklog?: () => Promise<number> | number;
}

type RequestSeries = Map<number, Histogram.Internal<'operation' | 'status'>>;
type RunSeries = Record<'success' | 'error', Counter.Internal>;

/**
 * The process's Prometheus metrics, on a registry of its own (no module singleton). Hot-path
 * methods reuse one child series per label set: one map lookup and one observe per request.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #requestSeconds: Histogram<'operation' | 'status'>;
  readonly #requestSeries = new Map<string, RequestSeries>();
  readonly #runsFinished: Counter<'flow' | 'status'>;
  readonly #runSeries = new Map<string, RunSeries>();
  readonly #runSeconds: Histogram<'mode' | 'status'>;
  /** By mode, then status: a handful of series at most. */
  readonly #runSecondsSeries = new Map<
    string,
    Record<'success' | 'error', Histogram.Internal<'mode' | 'status'>>
  >();
  readonly #flows = new BoundedLabel(MAX_FLOW_LABELS);
  #sources: MetricsSources = {};
  /** One read of the queue serves both queue gauges of a scrape (they collect within a millisecond). */
  #queueRead: { at: number; depths: Promise<QueueDepths> } | undefined;
  #processMetrics = false;

  constructor() {
    const registers = [this.registry];
    this.#requestSeconds = new Histogram({
      name: 'flowgate_http_request_duration_seconds',
      help: 'HTTP requests by GraphQL operation (root field) and status; _count is the request count.',
      labelNames: ['operation', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    this.#runsFinished = new Counter({
      name: 'flowgate_runs_finished_total',
      help: `Runs finished, by flow id (the first ${MAX_FLOW_LABELS} ids seen; then "other") and status.`,
      labelNames: ['flow', 'status'],
      registers,
    });
    this.#runSeconds = new Histogram({
      name: 'flowgate_run_duration_seconds',
      help: 'Engine time of finished runs, by mode (sync, async, stream, webhook, schedule, subflow) and status.',
      labelNames: ['mode', 'status'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
      registers,
    });
    this.#registerScrapeGauges(registers);
  }

  /** Wires the gauges' sources (the queue and webhook parts may come later, or never). */
  setSources(sources: MetricsSources): void {
    this.#sources = { ...this.#sources, ...sources };
    this.#queueRead = undefined;
  }

  /** Node.js process metrics (CPU, memory, event loop, GC): serving processes only. */
  collectProcessMetrics(): void {
    if (this.#processMetrics) return;
    this.#processMetrics = true;
    collectDefaultMetrics({ register: this.registry });
  }

  /** Hot path: once per HTTP request. `operation` must come from a bounded set. */
  observeRequest(operation: string, status: number, seconds: number): void {
    let byStatus = this.#requestSeries.get(operation);
    if (byStatus === undefined) {
      byStatus = new Map();
      this.#requestSeries.set(operation, byStatus);
    }
    let series = byStatus.get(status);
    if (series === undefined) {
      series = this.#requestSeconds.labels(operation, String(status));
      byStatus.set(status, series);
    }
    series.observe(seconds);
  }

  /** Once per recorded run state; counts finished ones only. */
  observeRun(run: RunRecord): void {
    if (run.status !== 'success' && run.status !== 'error') return;
    const flow = this.#flows.value(run.flowId);
    let series = this.#runSeries.get(flow);
    if (series === undefined) {
      series = {
        success: this.#runsFinished.labels(flow, 'success'),
        error: this.#runsFinished.labels(flow, 'error'),
      };
      this.#runSeries.set(flow, series);
    }
    series[run.status].inc();
    if (run.durationMs === null) return;
    let byStatus = this.#runSecondsSeries.get(run.mode);
    if (byStatus === undefined) {
      byStatus = {
        success: this.#runSeconds.labels(run.mode, 'success'),
        error: this.#runSeconds.labels(run.mode, 'error'),
      };
      this.#runSecondsSeries.set(run.mode, byStatus);
    }
    byStatus[run.status].observe(run.durationMs / 1000);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  /**
   * Gauges read on scrape. A failing source never fails the scrape: queue kinds whose read fails are
   * left out (/readyz reports the queue), the backlog reads 0. The two queue gauges share one read.
   */
  #registerScrapeGauges(registers: Registry[]): void {
    const sources = () => this.#sources;
    const readQueue = (): Promise<QueueDepths> => {
      const now = performance.now();
      if (this.#queueRead === undefined || now - this.#queueRead.at > 100) {
        this.#queueRead = { at: now, depths: readQueueDepths(sources().queue?.()) };
      }
      return this.#queueRead.depths;
    };
    new Gauge({
      name: 'flowgate_queue_jobs',
      help: 'Jobs in the durable queue by kind and state (waiting: due now; delayed: due later).',
      labelNames: ['kind', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const [kind, depth] of await readQueue()) {
          this.labels(kind, 'waiting').set(depth.waiting);
          this.labels(kind, 'delayed').set(depth.delayed);
        }
      },
    });
    new Gauge({
      name: 'flowgate_queue_oldest_age_seconds',
      help: 'Age of the oldest waiting job by kind (0 when none waits).',
      labelNames: ['kind'],
      registers,
      async collect() {
        this.reset();
        for (const [kind, depth] of await readQueue()) this.labels(kind).set((depth.oldestAgeMs ?? 0) / 1000);
      },
    });
    new Gauge({
      name: 'flowgate_webhook_backlog',
      help: 'Webhook deliveries waiting to be sent (0 when webhooks are not wired).',
      registers,
      async collect() {
        const backlog = sources().webhookBacklog;
        this.set(backlog === undefined ? 0 : await Promise.resolve(backlog()).catch(() => 0));
      },
    });
  }
}

type QueueDepths = [JobKind, Awaited<ReturnType<JobQueue['depth']>>][];

/** Each kind's depth; kinds whose read fails are left out. No queue: none. */
async function readQueueDepths(queue: Pick<JobQueue, 'depth'> | undefined): Promise<QueueDepths> {
  if (queue === undefined) return [];
  const depths = await Promise.all(
    QUEUE_KINDS.map((kind) =>
      queue.depth(kind).then(
        (depth) => [kind, depth] as const,
        () => undefined,
      ),
    ),
  );
  return depths.filter((entry) => entry !== undefined).map(([kind, depth]) => [kind, depth]);
}
