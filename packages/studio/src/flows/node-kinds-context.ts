import type { NodeKindView } from '@flowgate/server/studio-contract';
import { createContext, useContext } from 'react';
import type { FlowDirection } from './auto-layout.ts';

/** The node kinds the server knows (GET /node-kinds), by kind; the canvas and forms read it. */
export const NodeKindsContext = createContext<ReadonlyMap<string, NodeKindView>>(new Map());

/** Which sides of a node its handles sit on: left/right for a left-to-right flow, top/bottom otherwise. */
export const FlowDirectionContext = createContext<FlowDirection>('LR');

export function useNodeKind(kind: string): NodeKindView | undefined {
  return useContext(NodeKindsContext).get(kind);
}

const CATEGORY_ICONS: Record<NodeKindView['category'], string> = {
  trigger: '⚡',
  response: '↩',
  logic: '◇',
  ai: '✦',
  data: '▤',
  integration: '⇄',
};

/** A glyph per category, so a person can tell an LLM node from a code node at a glance. */
export function kindIcon(kind: NodeKindView | undefined): string {
  return kind ? CATEGORY_ICONS[kind.category] : '?';
}
