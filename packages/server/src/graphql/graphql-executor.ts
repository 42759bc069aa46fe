import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  type OperationTypeNode,
  parse,
  specifiedRules,
  subscribe,
  validate,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import {
  type CheckStatusProjection,
  hasVariableInsideLiteral,
  stripCheckStatusSelections,
} from './document-analysis.ts';
import { maxDepthRule, maxRootFieldsRule } from './limits.ts';
import { operationLabel } from './operation-label.ts';
import type { GraphqlContext } from './schema.ts';

export interface GraphqlLimits {
  maxDepth: number;
  maxRootFields: number;
  maxTokens: number;
}

/** A document parsed, rewritten, validated and (when safe) JIT-compiled once, then reused. */
export interface PreparedOperation {
  readonly kind: 'prepared';
  readonly document: DocumentNode;
  readonly operation: OperationTypeNode;
  readonly projection: CheckStatusProjection | undefined;
  readonly jit: CompiledQuery | undefined;
  /** Metrics and log label: the root field's name (see operationLabel). */
  readonly label: string;
}

/** A document that cannot run: syntax or validation errors, ready to send. */
export interface RejectedOperation {
  readonly kind: 'rejected';
  readonly code: 'BAD_REQUEST' | 'GRAPHQL_VALIDATION_FAILED';
  readonly errors: readonly GraphQLError[];
}

const CACHE_SIZE = 1000;

/**
 * Runs GraphQL documents with a cache of prepared operations keyed by (document, operation name).
 * graphql-jit runs documents without variables inside literals; the others run on graphql-js.
 */
export class GraphqlExecutor {
  private readonly cache = new Map<string, PreparedOperation | RejectedOperation>();
  private readonly rules;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly limits: GraphqlLimits,
  ) {
    this.rules = [...specifiedRules, maxDepthRule(limits.maxDepth), maxRootFieldsRule(limits.maxRootFields)];
  }

  prepare(query: string, operationName: string | undefined): PreparedOperation | RejectedOperation {
    const key = operationName === undefined ? query : `${operationName}\u0000${query}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const prepared = this.prepareUncached(query, operationName);
    this.cache.set(key, prepared);
    if (this.cache.size > CACHE_SIZE) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    return prepared;
  }

  /** Not async: the result's own promise (or value) is passed on, without a tick of its own. */
  execute(
    prepared: PreparedOperation,
    variables: Record<string, unknown> | undefined,
    operationName: string | undefined,
    context: GraphqlContext,
  ): Promise<ExecutionResult> | ExecutionResult {
    const result = prepared.jit
      ? prepared.jit.query(undefined, context, variables)
      : execute({
          schema: this.schema,
          document: prepared.document,
          variableValues: variables,
          operationName,
          contextValue: context,
        });
    const { projection } = prepared;
    if (projection === undefined) return result;
    return result instanceof Promise
      ? result.then((settled) => project(settled, projection))
      : project(result, projection);
  }

  /** A subscription: an iterator of results to stream, or a result holding the errors that stopped it. */
  subscribe(
    prepared: PreparedOperation,
    variables: Record<string, unknown> | undefined,
    operationName: string | undefined,
    context: GraphqlContext,
  ): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
    return subscribe({
      schema: this.schema,
      document: prepared.document,
      variableValues: variables,
      operationName,
      contextValue: context,
    });
  }

  private prepareUncached(
    query: string,
    operationName: string | undefined,
  ): PreparedOperation | RejectedOperation {
    let parsed: DocumentNode;
    try {
      parsed = parse(query, { maxTokens: this.limits.maxTokens });
    } catch (error) {
      return { kind: 'rejected', code: 'BAD_REQUEST', errors: [toGraphqlError(error)] };
    }
    const { document, projection } = stripCheckStatusSelections(parsed);
    const errors = validate(this.schema, document, this.rules);
    if (errors.length > 0) return { kind: 'rejected', code: 'GRAPHQL_VALIDATION_FAILED', errors };
    const operation = getOperationAST(document, operationName);
    if (!operation) {
      const message = operationName
        ? `The document has no operation named "${operationName}".`
        : 'The document has several operations: send operationName to pick one.';
      return { kind: 'rejected', code: 'BAD_REQUEST', errors: [new GraphQLError(message)] };
    }
    let jit: CompiledQuery | undefined;
    if (operation.operation !== 'subscription' && !hasVariableInsideLiteral(document)) {
      const compiled = compileQuery(this.schema, document, operationName);
      if (isCompiledQuery(compiled)) jit = compiled;
    }
    const label = operationLabel(operation);
    return { kind: 'prepared', document, operation: operation.operation, projection, jit, label };
  }
}

function toGraphqlError(error: unknown): GraphQLError {
  return error instanceof GraphQLError ? error : new GraphQLError(String(error));
}

function project(result: ExecutionResult, projection: CheckStatusProjection): ExecutionResult {
  const data = result.data;
  if (data) pickFields(data, projection);
  return result;
}

function pickFields(data: Record<string, unknown>, projection: CheckStatusProjection): void {
  for (const [key, fields] of Object.entries(projection)) {
    const value = data[key];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const picked: Record<string, unknown> = {};
    for (const field of fields) picked[field] = (value as Record<string, unknown>)[field] ?? null;
    data[key] = picked;
  }
}
