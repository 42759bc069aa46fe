import { isJsonObject, type JsonValue } from '../../json.ts';
import type { Template, TemplateScope } from '../../templates/template.ts';

/** Template roots that read the project's secrets: `{{secrets.project.NAME}}` and `{{env.NAME}}`. */
const SECRET_ROOTS = new Set(['secrets', 'env']);
const PLACEHOLDER = '[secret]';
/** Shorter values are left alone: masking them would garble ordinary text more than it protects. */
const MIN_MASKED_LENGTH = 4;

export function readsSecrets(template: Template): boolean {
  return template.references.some((reference) => SECRET_ROOTS.has(reference.root));
}

/**
 * Keeps the project's secrets out of a code node's trace (DESIGN §5): the code as traced renders
 * each secret reference as "[secret]", and log lines and failure messages have secret values
 * replaced. The code itself still runs with the real values.
 */
export class SecretMask {
  readonly scope: TemplateScope;
  readonly #values: string[];

  constructor(scope: TemplateScope) {
    this.scope = {
      lookup: (root) => {
        const value = scope.lookup(root);
        return SECRET_ROOTS.has(root) && value !== undefined ? placeholders(value) : value;
      },
    };
    const values = [...SECRET_ROOTS].flatMap((root) => stringLeaves(scope.lookup(root)));
    // Longest first, so that a secret containing another is masked whole.
    this.#values = [...new Set(values)]
      .filter((value) => value.length >= MIN_MASKED_LENGTH)
      .sort((a, b) => b.length - a.length);
  }

  text(text: string): string {
    return this.#values.reduce((masked, secret) => masked.replaceAll(secret, PLACEHOLDER), text);
  }
}

function placeholders(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(placeholders);
  if (isJsonObject(value))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, placeholders(item)]));
  return PLACEHOLDER;
}

function stringLeaves(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringLeaves);
  if (isJsonObject(value)) return Object.values(value).flatMap(stringLeaves);
  return [];
}
