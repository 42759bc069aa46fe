import { z } from 'zod';

/**
 * Lamatic's flow graph as exported by its Studio and AgentKit: React-Flow nodes whose `data.nodeId`
 * is the functional kind, and edges whose `type` says how control flows. Unknown keys are kept
 * (canvas positions, labels) so that a flow round-trips unchanged.
 */
export const flowNodeSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().optional(),
  data: z.looseObject({
    nodeId: z.string().min(1),
    trigger: z.boolean().optional(),
    values: z.record(z.string(), z.unknown()).default({}),
  }),
});

export const flowEdgeSchema = z.looseObject({
  id: z.string().optional(),
  source: z.string().min(1),
  target: z.string().min(1),
  type: z.string().optional(),
  sourceHandle: z.string().nullish(),
  targetHandle: z.string().nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
});

export const flowDefinitionSchema = z.looseObject({
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'use letters, digits, "_", "-", "." or ":"'),
  name: z.string().min(1).max(200),
  description: z.string().optional(),
  nodes: z.array(flowNodeSchema).min(1),
  edges: z.array(flowEdgeSchema).default([]),
});

export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type FlowDefinition = z.infer<typeof flowDefinitionSchema>;

/** Edge kinds that carry control from one node to the next. */
export const EXECUTION_EDGE_TYPES = new Set(['defaultEdge', 'conditionEdge', 'loopEdge', 'branchEdge']);

/** Canvas-only nodes that never run: placeholders and notes. */
export const CANVAS_ONLY_KINDS = new Set(['addNode', 'stickyNoteNode']);
