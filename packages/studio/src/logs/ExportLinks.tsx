import type { RunQuery } from '@flowgate/server/studio-contract';
import { queryString } from '../api/client.ts';

/** Downloads of every run matching the filters (not only the loaded page), as JSON or CSV. */
export function ExportLinks({ projectId, query }: { projectId: string; query: RunQuery }) {
  const href = (format: 'json' | 'csv') =>
    `/studio/api/projects/${encodeURIComponent(projectId)}/runs/export${queryString({ ...query, format })}`;
  return (
    <div className="export-links">
      <a className="button secondary" href={href('csv')} download>
        Export CSV
      </a>
      <a className="button secondary" href={href('json')} download>
        Export JSON
      </a>
    </div>
  );
}
