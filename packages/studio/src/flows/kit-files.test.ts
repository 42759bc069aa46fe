import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { kitFilesFromZip, stripSingleTopFolder } from './kit-files.ts';

describe('kit-files', () => {
  it('unzips a kit, drops its one top folder and everything that is not kit text', () => {
    const zip = zipSync({
      'my-kit/lamatic.config.ts': strToU8('export default {}'),
      'my-kit/flows/a.ts': strToU8('export const nodes = []'),
      'my-kit/prompts/p.md': strToU8('Hello {{triggerNode_1.output.x}}'),
      'my-kit/assets/logo.png': new Uint8Array([137, 80, 78, 71]),
      '__MACOSX/my-kit/._a.ts': strToU8('junk'),
    });
    expect(kitFilesFromZip(zip)).toEqual({
      'lamatic.config.ts': 'export default {}',
      'flows/a.ts': 'export const nodes = []',
      'prompts/p.md': 'Hello {{triggerNode_1.output.x}}',
    });
  });

  it('keeps paths when there is no single top folder', () => {
    expect(stripSingleTopFolder({ 'flows/a.ts': 'a', 'README.md': 'r' })).toEqual({
      'flows/a.ts': 'a',
      'README.md': 'r',
    });
  });

  it('says what to do with a file that is not a zip or not a kit', () => {
    expect(() => kitFilesFromZip(strToU8('not a zip'))).toThrow(/not a readable zip/);
    expect(() => kitFilesFromZip(zipSync({ 'kit/notes.md': strToU8('x') }))).toThrow(/No flows\/ folder/);
    expect(() => kitFilesFromZip(zipSync({ 'kit/logo.png': new Uint8Array([1]) }))).toThrow(/No kit files/);
  });
});
