import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type {
  FlowDefinitionJson,
  FlowDraftView,
  FlowProblem,
  FlowSummary,
  ImportFlowsResult,
  NodeKindView,
  RunDetail,
  ValidationResult,
} from '../contract.ts';
import { parseInput } from '../http/parse-input.ts';
import { requireProject } from '../projects/project-access.ts';
import type { StudioDeps } from '../studio-deps.ts';
import { StudioError } from '../studio-error.ts';
import { definitionSchema, FlowDrafts, inFlow, saveFlowSchema } from './flow-drafts.ts';
import { importFlowDocuments } from './flow-import.ts';
import { flowSummary } from './flow-summary.ts';
import { nodeKindViews } from './node-kinds.ts';
import { runTest } from './test-run.ts';

const MAX_KIT_FILES = 500;
const importSchema = z.discriminatedUnion(
  'format',
  [
    z.object({ format: z.literal('json'), content: z.string().min(1, 'the file is empty') }),
    z.object({
      format: z.literal('yaml'),
      content: z.string().min(1, 'the file is empty'),
      flowId: z.string().trim().min(1).max(200).optional(),
    }),
    z.object({
      format: z.literal('kit'),
      files: z
        .record(z.string(), z.string())
        .refine((files) => Object.keys(files).length > 0, 'the kit has no files')
        .refine(
          (files) => Object.keys(files).length <= MAX_KIT_FILES,
          `a kit has at most ${MAX_KIT_FILES} files`,
        ),
    }),
  ],
  { error: 'format must be json, yaml or kit' },
);
const validateSchema = z.object({ definition: z.unknown() });
const testRunSchema = z.object({
  payload: z.record(z.string(), z.unknown(), {
    error: 'payload must be a JSON object, e.g. {"question": "…"}',
  }),
});

type ProjectParams = { Params: { projectId: string } };
type FlowParams = { Params: { projectId: string; flowId: string } };

/** Node kinds, drafts (list/get/create/save/delete), import, validate and test runs. */
export function registerFlowRoutes(scope: FastifyInstance, deps: StudioDeps): void {
  const drafts = new FlowDrafts(deps);
  const P = '/projects/:projectId/flows';
  const kinds = nodeKindViews(deps.registry);

  scope.get('/node-kinds', async (): Promise<NodeKindView[]> => kinds);

  scope.get<ProjectParams>(P, async (request): Promise<FlowSummary[]> => {
    const project = await requireProject(deps, request.params.projectId);
    const [flows, deployed] = await Promise.all([
      deps.store.flows.list(project.id),
      drafts.deployed(project.id),
    ]);
    return flows.map((flow) => flowSummary(flow, deps.registry, deployed));
  });

  scope.post<ProjectParams>(P, async (request, reply): Promise<FlowDraftView> => {
    const project = await requireProject(deps, request.params.projectId);
    const { definition } = parseInput(saveFlowSchema, request.body, 'The flow');
    if (await deps.store.flows.get(project.id, definition.id)) {
      throw new StudioError(
        'CONFLICT',
        `A flow with id ${definition.id} already exists in this project; choose another id or open that flow.`,
      );
    }
    await drafts.save(project.id, definition as FlowDefinitionJson);
    reply.code(201);
    return drafts.view(project.id, definition.id);
  });

  scope.get<FlowParams>(`${P}/:flowId`, async (request): Promise<FlowDraftView> => {
    const project = await requireProject(deps, request.params.projectId);
    return drafts.view(project.id, request.params.flowId);
  });

  scope.put<FlowParams>(`${P}/:flowId`, async (request): Promise<FlowDraftView> => {
    const project = await requireProject(deps, request.params.projectId);
    const { flowId } = request.params;
    const { definition } = parseInput(saveFlowSchema, request.body, 'The flow');
    if (definition.id !== flowId) {
      const message = `the id must stay ${flowId}; to rename the id, create a new flow`;
      throw StudioError.badRequest(
        `The flow's id is ${definition.id} but the address names ${flowId}: ${message}.`,
        [{ path: 'definition.id', message }],
      );
    }
    await drafts.require(project.id, flowId);
    await drafts.save(project.id, definition as FlowDefinitionJson);
    return drafts.view(project.id, flowId);
  });

  scope.delete<FlowParams>(`${P}/:flowId`, async (request) => {
    const project = await requireProject(deps, request.params.projectId);
    if (!(await deps.store.flows.delete(project.id, request.params.flowId))) {
      throw StudioError.notFound(`This project has no flow ${request.params.flowId}.`);
    }
    return { ok: true as const };
  });

  scope.post<ProjectParams>(`${P}/import`, async (request): Promise<ImportFlowsResult> => {
    const project = await requireProject(deps, request.params.projectId);
    const input = parseInput(importSchema, request.body, 'The import');
    const imported = await importFlowDocuments(input);
    const problems: FlowProblem[] = imported.warnings.map((warning) => ({
      code: 'IMPORT_WARNING',
      message: warning,
      severity: 'warning',
    }));
    const saved: string[] = [];
    for (const document of imported.flows) {
      const parsed = definitionSchema.safeParse(document);
      const id = typeof document.id === 'string' ? document.id : '(no id)';
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        problems.push({
          code: 'INVALID_FLOW',
          message: `Flow ${id} was not imported: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'it is not a flow'}.`,
          severity: 'error',
        });
        continue;
      }
      await drafts.save(project.id, parsed.data as FlowDefinitionJson);
      saved.push(parsed.data.id);
      const checked = await drafts.check(project.id, parsed.data);
      problems.push(...checked.problems.map((problem) => inFlow(parsed.data.id, problem)));
    }
    if (saved.length === 0) {
      throw StudioError.badRequest('Nothing was imported: the upload holds no valid flow.', [
        {
          path: input.format === 'kit' ? 'files' : 'content',
          message: problems[0]?.message ?? 'no flows found',
        },
      ]);
    }
    const deployed = await drafts.deployed(project.id);
    const flows = await Promise.all(saved.map((id) => drafts.require(project.id, id)));
    return { flows: flows.map((flow) => flowSummary(flow, deps.registry, deployed)), problems };
  });

  scope.post<ProjectParams>(`${P}/validate`, async (request): Promise<ValidationResult> => {
    const project = await requireProject(deps, request.params.projectId);
    const { definition } = parseInput(validateSchema, request.body, 'The validation request');
    return { problems: (await drafts.check(project.id, definition)).problems };
  });

  scope.post<FlowParams>(`${P}/:flowId/test-run`, async (request): Promise<RunDetail> => {
    const project = await requireProject(deps, request.params.projectId);
    const { payload } = parseInput(testRunSchema, request.body, 'The test payload');
    const flow = await drafts.require(project.id, request.params.flowId);
    return runTest(deps, drafts, project.id, flow.definition, payload);
  });
}
