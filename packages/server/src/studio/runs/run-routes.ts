/**
 * Logs: GET P/runs (RunPage), P/runs/export (a file), P/runs/:requestId (RunDetail), registered by the
 * Studio plugin inside its session-checked `/studio/api` scope.
 */
import type { FastifyInstance } from 'fastify';
import type { RunPosition } from '../../store/store.ts';
import type { RunDetail, RunPage } from '../contract.ts';
import { requireProject } from '../projects/project-access.ts';
import type { StudioLogDeps } from '../studio-deps.ts';
import { StudioError } from '../studio-error.ts';
import { encodeCursor } from './run-cursor.ts';
import { EXPORT_FORMATS, type ExportFormat, exportStream } from './run-export.ts';
import { parseRunQuery } from './run-query.ts';
import { toRunDetail, toRunSummary } from './run-views.ts';

/**
 * A search reads at most this many runs per page (newest first, after the other filters): a word
 * found in few runs then answers in bounded time with fewer runs (even none) and a nextCursor.
 */
const SEARCH_SCAN = 5000;

interface ProjectParams {
  projectId: string;
}

export function registerRunRoutes(scope: FastifyInstance, deps: StudioLogDeps): void {
  const { store } = deps;

  scope.get<{ Params: ProjectParams }>('/projects/:projectId/runs', async (request): Promise<RunPage> => {
    const { projectId } = request.params;
    const query = parseRunQuery(projectId, request.query, () => undefined);
    await requireProject(deps, projectId);
    // One more than asked tells whether another page exists, without a count.
    const { rows, scannedTo } = await store.studioRuns.page(query.filter, {
      ...(query.after === undefined ? {} : { after: query.after }),
      limit: query.limit + 1,
      searchScan: SEARCH_SCAN,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    let next: RunPosition | undefined;
    if (rows.length > query.limit) next = last;
    else next = scannedTo;
    return { runs: page.map(toRunSummary), nextCursor: next === undefined ? null : encodeCursor(next) };
  });

  scope.get<{ Params: ProjectParams }>('/projects/:projectId/runs/export', async (request, reply) => {
    const { projectId } = request.params;
    const query = parseRunQuery(projectId, request.query, (params) =>
      params.oneOf<ExportFormat>('format', EXPORT_FORMATS),
    );
    const format = query.extra ?? 'json';
    await requireProject(deps, projectId);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return reply
      .header(
        'content-type',
        format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      )
      .header('content-disposition', `attachment; filename="runs-${safeName(projectId)}-${stamp}.${format}"`)
      .header('cache-control', 'no-store')
      .send(exportStream(store.studioRuns, query.filter, format));
  });

  scope.get<{ Params: ProjectParams & { requestId: string } }>(
    '/projects/:projectId/runs/:requestId',
    async (request): Promise<RunDetail> => {
      const { projectId, requestId } = request.params;
      await requireProject(deps, projectId);
      const entry = await store.runs.get(projectId, requestId);
      if (entry === undefined) {
        throw StudioError.notFound(
          `No run with requestId "${requestId}" in this project; it may have been removed by retention.`,
        );
      }
      const keyId = entry.run.apiKeyId;
      const keyName = keyId === null ? null : await store.studioRuns.apiKeyName(projectId, keyId);
      return toRunDetail(entry, keyName);
    },
  );
}

/** A file-name-safe form of an id. */
function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60);
}
