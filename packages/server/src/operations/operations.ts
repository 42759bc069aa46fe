import type { Config } from '../config/config.ts';
import type { OperationsRouteDependencies } from '../http/operations-routes.ts';
import type { RequestObserverOptions } from '../http/request-observer.ts';
import type { Logger } from '../logging/logger.ts';
import { Metrics, type MetricsSources } from '../metrics/metrics.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import { RunPruner } from '../runs/run-pruner.ts';
import type { Store } from '../store/store.ts';
import { checkReadiness } from './readiness.ts';

/** What the HTTP server needs for probes, metrics and the request log. */
export type OperationsHttp = OperationsRouteDependencies & RequestObserverOptions;

export interface OperationsParts {
  store: Pick<Store, 'readiness' | 'runs'>;
  logger: Logger;
  now: () => number;
  /** The job queue once one is wired (readiness and queue gauges); absent: neither checks it. */
  queue?: () => Pick<JobQueue, 'depth'> | undefined;
  webhookBacklog?: MetricsSources['webhookBacklog'];
}

/**
 * The operations slice of the composition root: metrics, readiness, the request log's settings and
 * the retention pruner, built from the configuration once.
 */
export class Operations {
  readonly metrics = new Metrics();
  readonly pruner: RunPruner;

  constructor(
    private readonly config: Config,
    private readonly parts: OperationsParts,
  ) {
    const { logger } = parts;
    this.metrics.setSources({
      ...(parts.queue ? { queue: parts.queue } : {}),
      ...(parts.webhookBacklog ? { webhookBacklog: parts.webhookBacklog } : {}),
    });
    this.pruner = new RunPruner(parts.store.runs, {
      retentionDays: config.retentionDays,
      maxRuns: config.retentionMaxRuns,
      intervalMs: config.retentionIntervalMs,
      now: parts.now,
      onPass: (result, durationMs) => {
        if (result.deleted > 0) {
          logger.info({ deleted: result.deleted, durationMs: Math.round(durationMs) }, 'pruned old runs');
        } else if (!result.ran) logger.debug('another process is pruning runs');
      },
      onError: (error) => logger.error({ err: error }, 'pruning old runs failed'),
    });
  }

  /** For the HTTP server of a serving process (starts the Node.js process metrics). */
  http(): OperationsHttp {
    this.metrics.collectProcessMetrics();
    return {
      readiness: () =>
        checkReadiness({ store: this.parts.store, ...(this.parts.queue ? { queue: this.parts.queue } : {}) }),
      metrics: this.metrics,
      metricsToken: this.config.metricsToken,
      logger: this.parts.logger,
      logSample: this.config.requestLogSample,
    };
  }
}
