import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics/metrics.ts';

export interface OperationsRouteDependencies {
  /** Problems that keep the process from taking traffic; empty when ready (operations/readiness). */
  readiness: () => Promise<string[]>;
  metrics: Metrics;
  /** `GET /metrics` wants `Authorization: Bearer <token>` when set. */
  metricsToken: string | undefined;
}

/** The paths of these routes: not counted in request metrics, not logged at info. */
export const OPERATIONS_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Probes and metrics, without API keys. `/healthz` says the process is up and touches nothing;
 * `/readyz` checks what serving needs; both answer 503 while the server closes (Fastify's
 * return503OnClosing), so a load balancer stops sending traffic during shutdown.
 */
export function registerOperationsRoutes(
  app: FastifyInstance,
  dependencies: OperationsRouteDependencies,
): void {
  app.get('/healthz', () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const problems = await dependencies.readiness();
    if (problems.length === 0) return { status: 'ready' };
    return reply.code(503).send({ status: 'unavailable', problems });
  });
  const expected = dependencies.metricsToken === undefined ? undefined : digest(dependencies.metricsToken);
  app.get('/metrics', async (request, reply) => {
    if (expected !== undefined && !bearerMatches(request.headers.authorization, expected)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send({ status: 'unauthorized', message: 'Send the metrics token: Authorization: Bearer <token>.' });
    }
    const text = await dependencies.metrics.render();
    return reply.header('content-type', dependencies.metrics.contentType).send(text);
  });
}

/** Compared as SHA-256 digests: equal lengths for timingSafeEqual, nothing learnt from timing. */
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1].trim()), expected);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
