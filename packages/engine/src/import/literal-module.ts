import { parse } from '@babel/parser';
import type * as t from '@babel/types';
import type { JsonObject, JsonValue } from '../json.ts';
import { ImportError } from './import-error.ts';

/**
 * A TypeScript module read as data, never run: its exports are evaluated from the syntax tree, and
 * only literal syntax has a value — objects, arrays, strings, numbers, booleans, null, negative
 * numbers, template literals without embedded expressions, `as const`/`satisfies` casts, and identifiers naming
 * another top-level `const` of the same file. Anything else (a call, a member access, an imported
 * name, an embedded expression) is an ImportError naming the file, line and column.
 *
 * Exports are evaluated when asked for, so a helper that is never exported as data does no harm.
 */
export interface LiteralModule {
  readonly file: string;
  /** Export names, `default` included when there is a default export. */
  readonly exportNames: readonly string[];
  /** The export's value, or undefined when the module has no such export. */
  value(exportName: string): JsonValue | undefined;
}

type Binding =
  | { kind: 'const'; init: t.Expression; state: 'pending' | 'evaluating' | 'done'; value?: JsonValue }
  | { kind: 'not-data'; reason: string };

type ExportTarget =
  | { local: string; node: t.Node }
  | { expression: t.Expression }
  | { reason: string; node: t.Node };

interface Scope {
  file: string;
  bindings: Map<string, Binding>;
}

export function parseLiteralModule(text: string, file: string): LiteralModule {
  const program = parseProgram(text, file);
  const scope: Scope = { file, bindings: new Map() };
  const exported = new Map<string, ExportTarget>();
  for (const statement of program.body) collectStatement(statement, scope, exported);
  return {
    file,
    exportNames: [...exported.keys()],
    value(exportName) {
      const target = exported.get(exportName);
      if (target === undefined) return undefined;
      if ('local' in target) return valueOfBinding(target.local, scope, target.node);
      if ('expression' in target) return evaluate(target.expression, scope);
      throw fail(scope, target.node, `export ${exportName} is ${target.reason}, not data`);
    },
  };
}

function parseProgram(text: string, file: string): t.Program {
  try {
    return parse(text, { sourceType: 'module', plugins: ['typescript'] }).program;
  } catch (error) {
    const { loc } = error as { loc?: { line: number; column: number } };
    const reason = (error as Error).message.replace(/\s*\(\d+:\d+\)$/, '');
    throw new ImportError(`not valid TypeScript: ${reason}`, {
      file,
      line: loc?.line,
      column: loc === undefined ? undefined : loc.column + 1,
    });
  }
}

/** Records the top-level names and exports. Other statements are never run, so they are ignored. */
function collectStatement(statement: t.Statement, scope: Scope, exported: Map<string, ExportTarget>): void {
  switch (statement.type) {
    case 'ImportDeclaration':
      if (statement.importKind === 'type') return;
      for (const specifier of statement.specifiers) {
        if (specifier.type === 'ImportSpecifier' && specifier.importKind === 'type') continue;
        const reason = `imported from "${statement.source.value}" (imports are not read)`;
        scope.bindings.set(specifier.local.name, { kind: 'not-data', reason });
      }
      return;
    case 'VariableDeclaration':
      declare(statement, scope);
      return;
    case 'FunctionDeclaration':
    case 'ClassDeclaration':
      if (statement.id) scope.bindings.set(statement.id.name, { kind: 'not-data', reason: 'code' });
      return;
    case 'ExportNamedDeclaration':
      collectNamedExport(statement, scope, exported);
      return;
    case 'ExportDefaultDeclaration':
      collectDefaultExport(statement, exported);
      return;
    default:
      return;
  }
}

/** Declares the names of a `const`/`let`/`var` statement and returns them. */
function declare(declaration: t.VariableDeclaration, scope: Scope): string[] {
  const names: string[] = [];
  if (declaration.declare === true) return names;
  for (const declarator of declaration.declarations) {
    if (declarator.id.type !== 'Identifier') continue;
    const name = declarator.id.name;
    names.push(name);
    if (declaration.kind === 'const' && declarator.init) {
      scope.bindings.set(name, { kind: 'const', init: declarator.init, state: 'pending' });
    } else {
      scope.bindings.set(name, { kind: 'not-data', reason: `a ${declaration.kind}, not a const` });
    }
  }
  return names;
}

function collectNamedExport(
  statement: t.ExportNamedDeclaration,
  scope: Scope,
  exported: Map<string, ExportTarget>,
): void {
  if (statement.exportKind === 'type') return;
  const declaration = statement.declaration;
  if (declaration?.type === 'VariableDeclaration') {
    for (const name of declare(declaration, scope)) exported.set(name, { local: name, node: declaration });
  } else if (declaration?.type === 'FunctionDeclaration' || declaration?.type === 'ClassDeclaration') {
    if (declaration.id) exported.set(declaration.id.name, { reason: 'code', node: declaration });
  }
  for (const specifier of statement.specifiers) {
    if (specifier.type !== 'ExportSpecifier' || specifier.exportKind === 'type') continue;
    const name =
      specifier.exported.type === 'Identifier' ? specifier.exported.name : specifier.exported.value;
    exported.set(
      name,
      statement.source
        ? { reason: `re-exported from "${statement.source.value}"`, node: specifier }
        : { local: specifier.local.name, node: specifier },
    );
  }
}

function collectDefaultExport(
  statement: t.ExportDefaultDeclaration,
  exported: Map<string, ExportTarget>,
): void {
  const declaration = statement.declaration;
  if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') {
    exported.set('default', { reason: 'code', node: declaration });
  } else if (declaration.type !== 'TSDeclareFunction') {
    exported.set('default', { expression: declaration });
  }
}

/** A const's value, evaluated once; `node` is where it is used, for the error's place. */
function valueOfBinding(name: string, scope: Scope, node: t.Node): JsonValue {
  const binding = scope.bindings.get(name);
  if (binding === undefined) throw fail(scope, node, `${name} is not a constant of this file`);
  if (binding.kind === 'not-data') throw fail(scope, node, `${name} is ${binding.reason}, not data`);
  if (binding.state === 'done') return binding.value as JsonValue;
  if (binding.state === 'evaluating') throw fail(scope, node, `${name} refers to itself`);
  binding.state = 'evaluating';
  binding.value = evaluate(binding.init, scope);
  binding.state = 'done';
  return binding.value;
}

function evaluate(node: t.Node, scope: Scope): JsonValue {
  switch (node.type) {
    case 'StringLiteral':
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return node.value;
    case 'NullLiteral':
      return null;
    case 'TemplateLiteral':
      return evaluateTemplate(node, scope);
    case 'UnaryExpression':
      return evaluateSign(node, scope);
    case 'ObjectExpression':
      return evaluateObject(node, scope);
    case 'ArrayExpression':
      return evaluateArray(node, scope);
    case 'Identifier':
      return valueOfBinding(node.name, scope, node);
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
    case 'TSTypeAssertion':
    case 'ParenthesizedExpression':
      return evaluate(node.expression, scope);
    default:
      throw fail(
        scope,
        node,
        `${describe(node)} is not a literal value (kit files are read as data, never run)`,
      );
  }
}

function evaluateTemplate(node: t.TemplateLiteral, scope: Scope): string {
  const expression = node.expressions[0];
  if (expression)
    throw fail(scope, expression, 'a template literal with an embedded expression is not a literal value');
  const cooked = node.quasis[0]?.value.cooked;
  if (cooked === undefined || cooked === null)
    throw fail(scope, node, 'the template literal has an invalid escape');
  return cooked;
}

function evaluateSign(node: t.UnaryExpression, scope: Scope): number {
  const argument = node.argument;
  if ((node.operator === '-' || node.operator === '+') && argument.type === 'NumericLiteral') {
    return node.operator === '-' ? -argument.value : argument.value;
  }
  throw fail(scope, node, `the expression "${node.operator}…" is not a literal value`);
}

function evaluateObject(node: t.ObjectExpression, scope: Scope): JsonObject {
  const object: JsonObject = {};
  for (const property of node.properties) {
    if (property.type === 'SpreadElement') {
      const spread = evaluate(property.argument, scope);
      if (typeof spread !== 'object' || spread === null || Array.isArray(spread)) {
        throw fail(scope, property, 'only an object can be spread into an object');
      }
      for (const [key, value] of Object.entries(spread)) if (key !== '__proto__') object[key] = value;
      continue;
    }
    if (property.type === 'ObjectMethod') throw fail(scope, property, 'a method is code, not data');
    const key = propertyKey(property, scope);
    const value = evaluate(property.value, scope);
    // As in parseJsonSafely: a `__proto__` key must not reach the prototype.
    if (key !== '__proto__') object[key] = value;
  }
  return object;
}

function propertyKey(property: t.ObjectProperty, scope: Scope): string {
  const key = property.key;
  if (!property.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'StringLiteral') return key.value;
  if (key.type === 'NumericLiteral') return String(key.value);
  throw fail(scope, key, 'a computed property name is not a literal key');
}

function evaluateArray(node: t.ArrayExpression, scope: Scope): JsonValue[] {
  const array: JsonValue[] = [];
  for (const element of node.elements) {
    if (element === null) throw fail(scope, node, 'an array with holes is not data');
    if (element.type === 'SpreadElement') {
      const spread = evaluate(element.argument, scope);
      if (!Array.isArray(spread)) throw fail(scope, element, 'only an array can be spread into an array');
      array.push(...spread);
    } else {
      array.push(evaluate(element, scope));
    }
  }
  return array;
}

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  CallExpression: 'a function call',
  NewExpression: 'a constructor call',
  MemberExpression: 'a property access',
  OptionalMemberExpression: 'a property access',
  OptionalCallExpression: 'a function call',
  ArrowFunctionExpression: 'a function',
  FunctionExpression: 'a function',
  AwaitExpression: 'an await',
  Import: 'an import',
  BinaryExpression: 'an operation',
  LogicalExpression: 'an operation',
  ConditionalExpression: 'a conditional',
  RegExpLiteral: 'a regular expression',
  BigIntLiteral: 'a bigint',
};

function describe(node: t.Node): string {
  return DESCRIPTIONS[node.type] ?? `a ${node.type}`;
}

function fail(scope: Scope, node: t.Node, message: string): ImportError {
  const start = node.loc?.start;
  return new ImportError(message, {
    file: scope.file,
    line: start?.line,
    column: start === undefined ? undefined : start.column + 1,
  });
}
