import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { JobKind, JobQueue } from '../queue/job-queue.ts';
import type { RunRecord } from '../store/store.ts';
import { BoundedLabel } from './bounded-label.ts';
import { CounterFamily, type CounterSeries, HistogramFamily, type HistogramSeries } from './series.ts';

/** Distinct flow ids labelled on run metrics; later ones count as `other`. */
export const MAX_FLOW_LABELS = 1000;
const QUEUE_KINDS: readonly JobKind[] = ['run', 'webhook'];

/** Where the scrape-time gauges read from; each may be absent (nothing wired: no samples, or 0). */
export interface MetricsSources {
  queue?: () => Pick<JobQueue, 'depth'> | undefined;
  /** Webhook deliveries waiting to be sent. */
  webhookBacklog?: () => Promise<number> | number;
}

type RunSeries = Record<'success' | 'error', CounterSeries>;

/**
 * The process's Prometheus metrics, on a registry of its own (no module singleton). The three counted
 * on every request and run are lean series (./series.ts), each label set's series kept here: one map
 * lookup and a few additions a request. The rest are prom-client's.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #requestSeconds = new HistogramFamily(
    'flowgate_http_request_duration_seconds',
    'HTTP requests by GraphQL operation (root field) and status; _count is the request count.',
    ['operation', 'status'],
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  );
  readonly #requestSeries = new Map<string, Map<number, HistogramSeries>>();
  readonly #runsFinished = new CounterFamily(
    'flowgate_runs_finished_total',
    `Runs finished, by flow id (the first ${MAX_FLOW_LABELS} ids seen; then "other") and status.`,
    ['flow', 'status'],
  );
  readonly #runSeries = new Map<string, RunSeries>();
  readonly #runSeconds = new HistogramFamily(
    'flowgate_run_duration_seconds',
    'Engine time of finished runs, by mode (sync, async, stream, webhook, schedule, subflow) and status.',
    ['mode', 'status'],
    [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
  );
  /** By mode, then status: a handful of series at most. */
  readonly #runSecondsSeries = new Map<string, Record<'success' | 'error', HistogramSeries>>();
  readonly #flows = new BoundedLabel(MAX_FLOW_LABELS);
  #sources: MetricsSources = {};
  /** One read of the queue serves both queue gauges of a scrape (they collect within a millisecond). */
  #queueRead: { at: number; depths: Promise<QueueDepths> } | undefined;
  #processMetrics = false;

  constructor() {
    this.#registerScrapeGauges([this.registry]);
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
      series = this.#requestSeconds.series(operation, String(status));
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
        success: this.#runsFinished.series(flow, 'success'),
        error: this.#runsFinished.series(flow, 'error'),
      };
      this.#runSeries.set(flow, series);
    }
    series[run.status].inc();
    if (run.durationMs === null) return;
    let byStatus = this.#runSecondsSeries.get(run.mode);
    if (byStatus === undefined) {
      byStatus = {
        success: this.#runSeconds.series(run.mode, 'success'),
        error: this.#runSeconds.series(run.mode, 'error'),
      };
      this.#runSecondsSeries.set(run.mode, byStatus);
    }
    byStatus[run.status].observe(run.durationMs / 1000);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition: the lean series, then prom-client's registry (a blank line between metrics, as it does). */
  async render(): Promise<string> {
    const own = [this.#requestSeconds, this.#runsFinished, this.#runSeconds].map((family) => family.render());
    return `${own.join('\n\n')}\n\n${await this.registry.metrics()}`;
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
