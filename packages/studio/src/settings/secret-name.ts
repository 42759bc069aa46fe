const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_LENGTH = 128;

/**
 * What is wrong with a secret's or credential's name, or null. Names are used in templates
 * (`{{secrets.project.NAME}}`), so they are letters, digits and underscores.
 */
export function checkSecretName(name: string, what = 'secret'): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return `Name the ${what}, e.g. OPENAI_KEY.`;
  if (trimmed.length > MAX_LENGTH)
    return `The name has ${trimmed.length} characters; keep it to ${MAX_LENGTH}.`;
  if (!NAME.test(trimmed)) {
    return `"${trimmed}" cannot be used in a template: use letters, digits and _ only, not starting with a digit.`;
  }
  return null;
}
