import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpAnswer } from '../graphql/format-result.ts';
import { OTHER_OPERATION } from '../graphql/operation-label.ts';
import type { Logger } from '../logging/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { OPERATIONS_ROUTES } from './operations-routes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Metrics and log label, set by the route: the GraphQL root field (graphql/operation-label). */
    operation: string;
    /** The caller's project once authenticated; empty before. */
    projectId: string;
    /** The GraphQL answer sent, kept for the request log to find the run's requestId in. */
    graphqlAnswer: HttpAnswer['body'] | null;
  }
}

export interface RequestObserverOptions {
  metrics: Metrics;
  logger: Logger;
  /** Share of requests logged at info (0: none, 1: all); 5xx answers always are. */
  logSample: number;
}

/** Labels of routes that are not GraphQL, by route pattern. */
const ROUTE_OPERATIONS: Readonly<Record<string, string>> = {
  '/webhooks/:projectId/:flowId': 'webhookTrigger',
};

/**
 * One histogram observation per request (latency by operation and status) and one info line for the
 * sampled ones. Probes and the metrics endpoint are left out of both (logged at debug), so a
 * scraper or a load balancer does not drown the figures.
 */
export function observeRequests(app: FastifyInstance, options: RequestObserverOptions): void {
  app.decorateRequest('operation', OTHER_OPERATION);
  app.decorateRequest('projectId', '');
  app.decorateRequest('graphqlAnswer', null);
  const { metrics, logger, logSample } = options;
  app.addHook('onResponse', (request, reply, done) => {
    // A GraphQL request has its label already: no route lookup (routeOptions builds an object a call).
    const labelled = request.operation !== OTHER_OPERATION;
    const route = labelled ? undefined : request.routeOptions.url;
    if (route !== undefined && OPERATIONS_ROUTES.has(route)) {
      if (logger.isLevelEnabled('debug')) logger.debug(requestLine(request, reply, route), 'request');
      return done();
    }
    const operation =
      labelled || route === undefined ? request.operation : (ROUTE_OPERATIONS[route] ?? OTHER_OPERATION);
    const status = reply.statusCode;
    metrics.observeRequest(operation, status, reply.elapsedTime / 1000);
    const sampled = logSample >= 1 || status >= 500 || (logSample > 0 && Math.random() < logSample);
    if (sampled && logger.isLevelEnabled('info')) {
      logger.info(requestLine(request, reply, route ?? request.routeOptions.url), 'request');
    }
    done();
  });
}

function requestLine(request: FastifyRequest, reply: FastifyReply, route: string | undefined) {
  const params = request.params as Record<string, string> | undefined;
  const projectId = request.projectId || params?.projectId;
  const requestId = request.graphqlAnswer === null ? undefined : runRequestId(request.graphqlAnswer);
  return {
    method: request.method,
    route: route ?? 'unmatched',
    operation: request.operation,
    status: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime * 100) / 100,
    ...(requestId === undefined ? {} : { requestId }),
    ...(projectId ? { projectId } : {}),
  };
}

/**
 * The run a GraphQL answer names: a root field's `requestId` or `result.requestId`, else an error's
 * `extensions.requestId` (a failed run's id, or an internal error's log reference). A sync run whose
 * client selected neither is not found; its record in the store has it.
 */
export function runRequestId(body: HttpAnswer['body']): string | undefined {
  const data = body.data;
  if (data) {
    for (const key in data) {
      const field = data[key];
      if (!isObject(field)) continue;
      if (typeof field.requestId === 'string') return field.requestId;
      if (isObject(field.result) && typeof field.result.requestId === 'string') return field.result.requestId;
    }
  }
  for (const error of body.errors ?? []) {
    if (typeof error.extensions.requestId === 'string') return error.extensions.requestId;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
