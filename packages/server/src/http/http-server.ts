import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { ApiError } from '../errors/api-error.ts';
import { apiErrorBody, internalError, type LogUnexpected } from '../graphql/format-result.ts';
import type { StudioDeps } from '../studio/studio-deps.ts';
import { registerStudio } from '../studio/studio-routes.ts';
import { type GraphqlRouteDependencies, registerGraphqlRoute } from './graphql-route.ts';
import { type OperationsRouteDependencies, registerOperationsRoutes } from './operations-routes.ts';
import { observeRequests, type RequestObserverOptions } from './request-observer.ts';
import { registerWebhookRoute, type WebhookRouteDependencies } from './webhook-route.ts';

export interface HttpServerOptions {
  bodyLimitBytes: number;
}

/**
 * The HTTP face of Flowgate. Every error leaves as a GraphQL error body with a stable code, so a
 * client that reads `errors[0].message` always gets a sentence a person can act on.
 */
export function createHttpServer(
  options: HttpServerOptions,
  dependencies: GraphqlRouteDependencies &
    WebhookRouteDependencies & {
      operations: OperationsRouteDependencies & RequestObserverOptions;
      /** The Studio (pages and /studio/api); absent in servers built without it. */
      studio?: StudioDeps;
    },
): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes,
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    return503OnClosing: true,
  });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const { status, body } = describeHttpError(error, options, dependencies.logUnexpected);
    return reply.code(status).send({ errors: [body] });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      errors: [
        apiErrorBody(
          new ApiError(
            'NOT_FOUND',
            `No route ${request.method} ${request.url}; the GraphQL endpoint is POST /graphql.`,
          ),
        ),
      ],
    }),
  );
  closeConnectionsOnceAnswered(app);
  observeRequests(app, dependencies.operations);
  registerOperationsRoutes(app, dependencies.operations);
  registerGraphqlRoute(app, dependencies);
  registerWebhookRoute(app, dependencies);
  if (dependencies.studio) registerStudio(app, dependencies.studio);
  return app;
}

/**
 * On close, Node ends only the connections idle at that moment, and its idea of idle can miss a
 * keep-alive connection (seen after error answers and requests whose clients gave up: the test in
 * test/http-close.test.ts): the close then waits for the keep-alive timeout (72 s). So requests in flight are counted (a response's `close` covers streams
 * and clients that gave up too), and once none is left after the close began, every connection is
 * ended: nothing is cut short, and the close does not wait on idle sockets.
 */
function closeConnectionsOnceAnswered(app: FastifyInstance): void {
  let inFlight = 0;
  let closing = false;
  const closeIfDone = () => {
    if (closing && inFlight === 0) app.server.closeAllConnections();
  };
  // One shared listener, no closure per request: this runs on every request's path. 'close' is emitted
  // once per response, answered or abandoned.
  const answered = () => {
    inFlight--;
    closeIfDone();
  };
  app.server.on('request', (_request, response) => {
    inFlight++;
    response.on('close', answered);
  });
  app.addHook('preClose', (done) => {
    closing = true;
    // After server.close() has stopped the listener, which runs right after these hooks.
    setImmediate(closeIfDone);
    done();
  });
}

function describeHttpError(error: FastifyError, options: HttpServerOptions, logUnexpected: LogUnexpected) {
  if (error instanceof ApiError) return { status: error.status, body: apiErrorBody(error) };
  const known = fastifyError(error, options);
  if (known) return { status: known.status, body: apiErrorBody(known) };
  return { status: 500, body: internalError(error, logUnexpected) };
}

function fastifyError(error: FastifyError, options: HttpServerOptions): ApiError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(
        'PAYLOAD_TOO_LARGE',
        `The request body is over the limit of ${options.bodyLimitBytes} bytes; send a smaller payload.`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Send the request with Content-Type: application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('BAD_REQUEST', 'The request body is empty: send {"query": "…", "variables": {…}}.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('BAD_REQUEST', 'The Content-Length header does not match the body.');
  }
  if (error instanceof SyntaxError || error.statusCode === 400) {
    return new ApiError('BAD_REQUEST', `The request body is not valid JSON: ${error.message}`);
  }
  return undefined;
}
