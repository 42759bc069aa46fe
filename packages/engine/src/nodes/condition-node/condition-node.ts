import { isJsonObject, type JsonValue, parseJsonSafely } from '../../json.ts';
import { Template, type TemplateScope } from '../../templates/template.ts';
import type { NodeKind } from '../node-kind.ts';
import { findOperator, OPERATOR_NAMES, type Operator } from './compare.ts';

interface Operand {
  left: Template;
  operator: Operator;
  operatorName: string;
  right: Template;
}

interface Branch {
  label: string;
  /** Undefined for Else, which matches when no other branch did. */
  combine: 'AND' | 'OR' | undefined;
  operands: Operand[] | undefined;
}

interface ConditionConfig {
  branches: Branch[];
  allowMultiple: boolean;
}

/**
 * "Condition": evaluates `conditions` in order and follows the first that holds (all that hold with
 * `allowMultipleConditionExecution`), else the Else branch. Output `{condition: label}`.
 */
export const conditionNode: NodeKind<ConditionConfig> = {
  kind: 'conditionNode',
  role: 'step',
  compile({ values, problem, reads }) {
    const raw = Array.isArray(values.conditions) ? values.conditions : [];
    if (raw.length === 0) problem('conditions is empty: add at least one condition and an Else');
    const branches: Branch[] = [];
    raw.forEach((entry: unknown, index: number) => {
      const branch = compileBranch(entry, index, problem);
      if (!branch) return;
      for (const operand of branch.operands ?? [])
        reads([...operand.left.references, ...operand.right.references]);
      branches.push(branch);
    });
    return { branches, allowMultiple: values.allowMultipleConditionExecution === true };
  },
  run({ branches, allowMultiple }, { scope }) {
    const taken: string[] = [];
    for (const branch of branches) {
      if (branch.operands === undefined) continue;
      if (holds(branch, scope)) {
        taken.push(branch.label);
        if (!allowMultiple) break;
      }
    }
    if (taken.length === 0) {
      const otherwise = branches.find((branch) => branch.operands === undefined);
      if (otherwise) taken.push(otherwise.label);
    }
    const condition: JsonValue = allowMultiple ? taken : (taken[0] ?? null);
    return { output: { condition }, branches: taken };
  },
  branchLabels: ({ branches }) => branches.map((branch) => branch.label),
};

function compileBranch(
  entry: unknown,
  index: number,
  problem: (message: string) => void,
): Branch | undefined {
  if (!isJsonObject(entry as JsonValue)) {
    problem(`condition ${index + 1} must be an object with label and condition`);
    return undefined;
  }
  const record = entry as Record<string, JsonValue>;
  const label = typeof record.label === 'string' && record.label ? record.label : `Condition ${index + 1}`;
  let condition: JsonValue = record.condition ?? {};
  if (typeof condition === 'string') {
    try {
      condition = condition.trim() === '' ? {} : parseJsonSafely(condition);
    } catch (error) {
      problem(`condition "${label}" is not valid JSON (${(error as Error).message})`);
      return undefined;
    }
  }
  const operandsRaw = isJsonObject(condition) && Array.isArray(condition.operands) ? condition.operands : [];
  if (label === 'Else' || operandsRaw.length === 0) return { label, combine: undefined, operands: undefined };
  const combineRaw = isJsonObject(condition) ? condition.operator : null;
  const combine = combineRaw === 'OR' || combineRaw === 'or' ? 'OR' : 'AND';
  const operands = operandsRaw.flatMap((operand) => compileOperand(operand, label, problem));
  return { label, combine, operands };
}

function compileOperand(raw: JsonValue, label: string, problem: (message: string) => void): Operand[] {
  if (!isJsonObject(raw)) {
    problem(`condition "${label}" has an operand that is not an object`);
    return [];
  }
  const operatorName = typeof raw.operator === 'string' ? raw.operator : '==';
  const operator = findOperator(operatorName);
  if (!operator) {
    problem(
      `condition "${label}" uses unknown operator "${operatorName}"; use one of ${OPERATOR_NAMES.join(', ')}`,
    );
    return [];
  }
  return [{ left: asTemplate(raw.name), operator, operatorName, right: asTemplate(raw.value) }];
}

function asTemplate(value: JsonValue | undefined): Template {
  if (value === undefined || value === null) return new Template('');
  return new Template(typeof value === 'string' ? value : JSON.stringify(value));
}

function holds(branch: Branch, scope: TemplateScope): boolean {
  const results = (branch.operands ?? []).map((operand) =>
    operand.operator(operand.left.render(scope), operand.right.render(scope)),
  );
  return branch.combine === 'OR' ? results.some(Boolean) : results.every(Boolean);
}
