import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationLabel } from './operation-label.ts';

function labelOf(query: string): string {
  const operation = getOperationAST(parse(query));
  if (!operation) throw new Error('no operation');
  return operationLabel(operation);
}

describe('operationLabel', () => {
  it('is the root field name, never an alias or an argument', () => {
    expect(labelOf('query { run: executeWorkflow(workflowId: "customer-42") { status } }')).toBe(
      'executeWorkflow',
    );
    expect(labelOf('{ checkStatus(requestId: "r") }')).toBe('checkStatus');
    expect(labelOf('{ a: checkStatus(requestId: "a") b: checkStatus(requestId: "b") }')).toBe('checkStatus');
  });

  it('is multiple for different root fields, other for introspection and fragments', () => {
    expect(labelOf('{ checkStatus(requestId: "r") executeWorkflow(workflowId: "w") { status } }')).toBe(
      'multiple',
    );
    expect(labelOf('{ __schema { types { name } } }')).toBe('other');
    expect(labelOf('{ ... on Query { checkStatus(requestId: "r") } }')).toBe('other');
  });
});
