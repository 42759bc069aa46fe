import type {
  FlowDefinitionJson,
  FlowDraftView,
  FlowSummary,
  ImportFlowsRequest,
  ImportFlowsResult,
  NodeKindView,
  RunDetail,
  ValidationResult,
} from '@flowgate/server/studio-contract';
import { api } from '../api/client.ts';

export function projectPath(projectId: string): string {
  return `/projects/${encodeURIComponent(projectId)}`;
}

function flowPath(projectId: string, flowId: string): string {
  return `${projectPath(projectId)}/flows/${encodeURIComponent(flowId)}`;
}

/** The Studio API calls of the flows pages, one function per route. */
export const flowApi = {
  list: (projectId: string) => api<FlowSummary[]>('GET', `${projectPath(projectId)}/flows`),
  get: (projectId: string, flowId: string) => api<FlowDraftView>('GET', flowPath(projectId, flowId)),
  create: (projectId: string, definition: FlowDefinitionJson) =>
    api<FlowDraftView>('POST', `${projectPath(projectId)}/flows`, { definition }),
  save: (projectId: string, definition: FlowDefinitionJson) =>
    api<FlowDraftView>('PUT', flowPath(projectId, definition.id), { definition }),
  validate: (projectId: string, definition: FlowDefinitionJson) =>
    api<ValidationResult>('POST', `${projectPath(projectId)}/flows/validate`, { definition }),
  import: (projectId: string, request: ImportFlowsRequest) =>
    api<ImportFlowsResult>('POST', `${projectPath(projectId)}/flows/import`, request),
  testRun: (projectId: string, flowId: string, payload: Record<string, unknown>) =>
    api<RunDetail>('POST', `${flowPath(projectId, flowId)}/test-run`, { payload }),
  nodeKinds: () => api<NodeKindView[]>('GET', '/node-kinds'),
};
