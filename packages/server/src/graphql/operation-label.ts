import { Kind, type OperationDefinitionNode } from 'graphql';

/** The label of requests whose operation is unknown (refused before or during preparation). */
export const OTHER_OPERATION = 'other';

/**
 * The metrics and log label of an operation: the name of its root field (`executeWorkflow`,
 * `checkStatus`, …), `multiple` when it selects several different ones, `other` for introspection
 * and fragments at the root. Computed once per prepared document; the document passed validation,
 * so the names come from the schema: a bounded set, never a client's aliases or ids.
 */
export function operationLabel(operation: OperationDefinitionNode): string {
  let label: string | undefined;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value.startsWith('__')) return OTHER_OPERATION;
    if (label === undefined) label = selection.name.value;
    else if (label !== selection.name.value) return 'multiple';
  }
  return label ?? OTHER_OPERATION;
}
