/**
 * Example values for a flow's input fields, shared by the API docs (server) and the Studio's Connect
 * panel (browser, for drafts not deployed yet): no imports, so the browser bundle can take it as is.
 */
export type ExampleValue = string | number | boolean | ExampleValue[] | { [key: string]: ExampleValue };

/** An example value for a field type as `advance_schema` writes it (`string`, `int`, `[string]`…). */
export function exampleValue(name: string, type: string): ExampleValue {
  const list = /^\[\s*(\w+)\s*\]$/.exec(type);
  if (list) return [exampleValue(name, list[1] as string)];
  switch (type) {
    case 'string':
      if (/url|link|website/i.test(name)) return 'https://example.com';
      if (/e-?mail/i.test(name)) return 'person@example.com';
      return `example ${name}`;
    case 'number':
    case 'float':
      return 1.5;
    case 'int':
    case 'integer':
      return 1;
    case 'boolean':
    case 'bool':
      return true;
    case 'object':
      return {};
    case 'array':
    case 'list':
      return [];
    default:
      return `example ${name}`;
  }
}
