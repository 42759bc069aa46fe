/** Reports: GET P/reports (ReportView), registered inside the Studio's session-checked scope. */
import type { FastifyInstance } from 'fastify';
import type { ReportView } from '../contract.ts';
import { requireProject } from '../projects/project-access.ts';
import { QueryParams } from '../runs/query-params.ts';
import type { StudioLogDeps } from '../studio-deps.ts';
import { BUCKET_MS, type BucketSize, toReportView } from './report-view.ts';

const DAY = BUCKET_MS.day;
/** At most this many buckets in one answer (e.g. 90 days by hour); a longer period goes by day. */
const MAX_BUCKETS = 2200;

export function registerReportRoutes(scope: FastifyInstance, deps: StudioLogDeps): void {
  const { store } = deps;
  scope.get<{ Params: { projectId: string } }>(
    '/projects/:projectId/reports',
    async (request): Promise<ReportView> => {
      const { projectId } = request.params;
      const params = new QueryParams(request.query);
      const flowId = params.text('flowId', 200);
      const to = params.time('to') ?? Date.now();
      const from = params.time('from') ?? to - DAY;
      const chosen = params.oneOf<BucketSize>('bucket', ['hour', 'day']);
      const bucket = chosen ?? (to - from <= 3 * DAY ? 'hour' : 'day');
      if (from > to) params.problem('to', `must not be before from (from ${from}, to ${to})`);
      const count = Math.floor(to / BUCKET_MS[bucket]) - Math.floor(from / BUCKET_MS[bucket]) + 1;
      if (count > MAX_BUCKETS) {
        params.problem(
          'bucket',
          `${bucket} buckets over this period would be ${count}, more than ${MAX_BUCKETS}: choose bucket=day or a shorter period`,
        );
      }
      params.check();
      await requireProject(deps, projectId);
      const report = await store.studioRuns.report(
        { projectId, from, to, ...(flowId === undefined ? {} : { flowId }) },
        BUCKET_MS[bucket],
      );
      return toReportView(report, { from, to, bucket });
    },
  );
}
