import type { FlowSummary } from '@flowgate/server/studio-contract';
import { useApiGet } from '../ui/use-api-get.ts';

export interface FlowOption {
  value: string;
  label: string;
}

/**
 * The flows a filter can choose from, after "All flows" (value ''): the project's flows by name, plus any id in `seen` (a run of a flow that
 * was deleted since, or the flow named in the URL) so a filtered view never loses its choice.
 */
export function useFlowOptions(projectId: string, seen: readonly string[]): FlowOption[] {
  const { data } = useApiGet<FlowSummary[]>(`/projects/${encodeURIComponent(projectId)}/flows`);
  const options = new Map<string, string>();
  for (const flow of data ?? [])
    options.set(flow.id, flow.name === flow.id ? flow.id : `${flow.name} (${flow.id})`);
  for (const id of seen) if (id && !options.has(id)) options.set(id, id);
  const sorted = [...options]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return [{ value: '', label: 'All flows' }, ...sorted];
}
