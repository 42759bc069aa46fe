import { type DocumentNode, Kind, type SelectionSetNode, visit } from 'graphql';

/**
 * Lamatic's clients disagree on `checkStatus`: the JS and Go SDKs send it bare (a JSON scalar), the
 * Python SDK and the docs send `checkStatus(...) { status result }`. Accept both: strip the
 * selection set before validation and remember which keys to keep in the answer.
 */
export interface CheckStatusProjection {
  /** Response key (alias or field name) → selected keys. */
  readonly [responseKey: string]: readonly string[];
}

export function stripCheckStatusSelections(document: DocumentNode): {
  document: DocumentNode;
  projection: CheckStatusProjection | undefined;
} {
  const projection: Record<string, string[]> = {};
  let changed = false;
  const rewritten = visit(document, {
    Field(node) {
      if (node.name.value !== 'checkStatus' || !node.selectionSet) return undefined;
      changed = true;
      projection[node.alias?.value ?? node.name.value] = selectedNames(node.selectionSet);
      return { ...node, selectionSet: undefined };
    },
  });
  return changed ? { document: rewritten, projection } : { document, projection: undefined };
}

function selectedNames(selectionSet: SelectionSetNode): string[] {
  return selectionSet.selections.flatMap((selection) =>
    selection.kind === Kind.FIELD && selection.name.value !== '__typename' ? [selection.name.value] : [],
  );
}

/**
 * graphql-jit coerces scalar literals at compile time without variables, so `payload: { url: $url }`
 * would silently become `{}` (measured: reference/graphql-bench.md). Such documents run on graphql-js.
 */
export function hasVariableInsideLiteral(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    ObjectValue(node) {
      if (node.fields.some((field) => containsVariable(field.value))) found = true;
    },
    ListValue(node) {
      if (node.values.some(containsVariable)) found = true;
    },
  });
  return found;
}

function containsVariable(node: { kind: Kind }): boolean {
  let found = false;
  visit(node as DocumentNode, {
    Variable() {
      found = true;
    },
  });
  return found;
}
