import { describe, expect, it } from 'vitest';
import { ImportError } from './import-error.ts';
import { parseLiteralModule } from './literal-module.ts';

function exports(text: string, name = 'default') {
  return parseLiteralModule(text, 'flows/x.ts').value(name);
}

describe('parseLiteralModule', () => {
  it('reads the TypeScript literals kits are written in', () => {
    const text = `
      /* a doc comment */
      // a line comment
      import type { Kit } from './types';
      type Local = { a: string };
      const base = { shared: true, 'quoted-key': 'single' } as const;
      const list = [1, -2.5, +3, null, false,] satisfies unknown[];
      export const meta = {
        name: \`a template
literal\`,
        "count": 0x10,
        7: 'numeric key',
        ...base,
        list,
        nested: { deeper: [list, base] },
        trailing: 'comma',
      } as Kit;
      export default { meta, list };
    `;
    const meta = {
      name: 'a template\nliteral',
      count: 16,
      7: 'numeric key',
      shared: true,
      'quoted-key': 'single',
      list: [1, -2.5, 3, null, false],
      nested: { deeper: [[1, -2.5, 3, null, false], { shared: true, 'quoted-key': 'single' }] },
      trailing: 'comma',
    };
    expect(exports(text, 'meta')).toEqual(meta);
    expect(exports(text)).toEqual({ meta, list: [1, -2.5, 3, null, false] });
    expect(parseLiteralModule(text, 'f.ts').exportNames).toEqual(['meta', 'default']);
  });

  it('reads `export { a as b }` and ignores code that is not exported as data', () => {
    const text = `
      const a = { x: 1 };
      function helper() { return process.exit(1); }
      helper();
      export { a as b };
    `;
    expect(exports(text, 'b')).toEqual({ x: 1 });
    expect(exports(text, 'missing')).toBeUndefined();
  });

  it('keeps a __proto__ key away from the prototype', () => {
    const value = exports('export default { "__proto__": { polluted: true }, ok: 1 };');
    expect(value).toEqual({ ok: 1 });
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  const rejected: [string, string, RegExp][] = [
    [
      'a call',
      'export default {\n  a: run(),\n};',
      /^flows\/x\.ts:2:6: a function call is not a literal value/,
    ],
    [
      'process.exit in a computed value',
      'export default { a: (() => process.exit(1))() };',
      /a function call/,
    ],
    [
      'a computed key',
      'export default { [process.exit(1)]: 1 };',
      /a computed property name is not a literal key/,
    ],
    ['a property access', 'export default { a: process.env.HOME };', /a property access/],
    [
      'an expression in a template',
      `export default { a: \`x\${process.exit(1)}\` };`,
      /template literal with an embedded expression/,
    ],
    ['a getter', 'export default { get a() { return process.exit(1); } };', /a method is code/],
    [
      'an imported value',
      "import x from 'y';\nexport default { a: x };",
      /^flows\/x\.ts:2:21: x is imported from "y"/,
    ],
    ['a let', 'let a = 1;\nexport default { a };', /a is a let, not a const/],
    ['an unknown name', 'export default { a: undefined };', /undefined is not a constant of this file/],
    ['a self reference', 'const a = { a };\nexport default a;', /a refers to itself/],
    ['a function export', 'export default function f() {}', /export default is code, not data/],
    ['a re-export', "export { a } from './b';", /export a is re-exported from "\.\/b", not data/],
    ['an operation', 'export default { a: 1 + 1 };', /an operation is not a literal value/],
    ['a new', 'export default { a: new Date() };', /a constructor call/],
    ['an array hole', 'export default [1,,2];', /an array with holes/],
  ];
  for (const [what, text, message] of rejected) {
    it(`rejects ${what}, naming the place`, () => {
      const name = what.includes('re-export') ? 'a' : 'default';
      expect(() => exports(text, name)).toThrow(ImportError);
      expect(() => exports(text, name)).toThrow(message);
    });
  }

  it('reports a syntax error with its line', () => {
    expect(() => parseLiteralModule('export const a = {\n  b: ,\n};', 'flows/y.ts')).toThrow(
      /^flows\/y\.ts:2:\d+: not valid TypeScript: Unexpected token/,
    );
  });
});
