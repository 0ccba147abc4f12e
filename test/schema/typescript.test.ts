import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOC_TYPE_BY_EVENT, EVENT_TYPES } from '../../src/core/payload-rules.js';
import { ITSCOPE_GUIDE_EXAMPLE } from '../../src/schema/payload-docs.js';
import { jsdoc, typescriptModule } from '../../src/schema/typescript.js';
import { tempDir } from '../support/temp-dir.js';

const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));

/** Runs the repository's TypeScript compiler on `files` in `dir`, with every strict flag a project is likely to use. */
function tsc(dir: string, files: string[]): Promise<{ code: number; output: string }> {
  const flags = ['--strict', '--noEmit', '--exactOptionalPropertyTypes', '--noUncheckedIndexedAccess', '--isolatedModules', '--verbatimModuleSyntax'];
  const options = ['--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--pretty', 'false'];
  return new Promise((resolve) => {
    execFile(process.execPath, [TSC, ...flags, ...options, ...files], { cwd: dir }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

const guide = JSON.stringify(ITSCOPE_GUIDE_EXAMPLE, null, 2);

const SAMPLE = `import type { ItscopeDocType, ItscopeDocTypeByEvent, ItscopeEventType, ItscopeWebhook, ItscopeWebhookOf } from './itscope-webhook.js';

export const hook: ItscopeWebhook = ${guide};

export const parsed = JSON.parse(JSON.stringify(hook)) as ItscopeWebhook;
export const newStatus: ItscopeWebhook = { ...hook, transactionStatus: 'ON_HOLD' };
export const dispatch: ItscopeDocTypeByEvent['DELIVERY'] = 'DISPATCHNOTIFICATION';
export const docType: ItscopeDocType = dispatch;

export function docTypeOf<E extends ItscopeEventType>(eventType: E, map: ItscopeDocTypeByEvent): ItscopeDocTypeByEvent[E] {
  return map[eventType];
}

/** The union narrows on eventType, and the switch is exhaustive. */
export function describeHook(h: ItscopeWebhook): string {
  switch (h.eventType) {
    case 'ORDER':
    case 'ORDERRESPONSE':
    case 'INVOICE':
      return h.documentUrl;
    case 'DELIVERY': {
      const delivery: ItscopeWebhookOf<'DELIVERY'> = h;
      return delivery.transactionStatus;
    }
    default: {
      const unreachable: never = h;
      return unreachable;
    }
  }
}
`;

const SHIPPED = `import type { ItscopeWebhook } from './itscope-webhook.js';

export const shipped: ItscopeWebhook = ${guide.replace('"DELIVERY"', '"SHIPPED"')};
`;

const WRONG_MAPPING = `import type { ItscopeDocTypeByEvent } from './itscope-webhook.js';

export const wrong: ItscopeDocTypeByEvent['DELIVERY'] = 'DELIVERY';
`;

describe('the TypeScript module', () => {
  let dir = '';
  let cleanup = async () => {};
  const text = typescriptModule();

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('itscope-hooks-ts-'));
    await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
    await writeFile(join(dir, 'itscope-webhook.ts'), text);
    await writeFile(join(dir, 'sample.ts'), SAMPLE);
    await writeFile(join(dir, 'shipped.ts'), SHIPPED);
    await writeFile(join(dir, 'wrong-mapping.ts'), WRONG_MAPPING);
  });
  afterAll(() => cleanup());

  it('is self-contained: no imports, types only', () => {
    expect(text).not.toMatch(/^\s*import\b/m);
    expect(text).not.toMatch(/^export (const|function|class|enum|let|var)\b/m);
    for (const name of ['ItscopeWebhook', 'ItscopeEventType', 'ItscopeDocType', 'ItscopeDocTypeByEvent'])
      expect(text).toMatch(new RegExp(`^export (type|interface) ${name}\\b`, 'm'));
    for (const type of EVENT_TYPES) expect(text).toContain(`  ${type}: '${DOC_TYPE_BY_EVENT[type]}';`);
  });

  it('compiles under tsc --strict with a sample payload that uses it', async () => {
    const result = await tsc(dir, ['itscope-webhook.ts', 'sample.ts']);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('rejects a payload with eventType SHIPPED, and a wrong DOCTYPE for an eventType', async () => {
    const result = await tsc(dir, ['itscope-webhook.ts', 'shipped.ts', 'wrong-mapping.ts']);
    expect(result.code).not.toBe(0);
    const errors = result.output.split('\n').filter((line) => line.includes('error TS'));
    expect(errors.filter((line) => line.startsWith('shipped.ts'))).toEqual([expect.stringMatching(/"SHIPPED"/)]);
    expect(errors.filter((line) => line.startsWith('wrong-mapping.ts'))).toEqual([expect.stringMatching(/"DELIVERY".*"DISPATCHNOTIFICATION"/)]);
    expect(errors).toHaveLength(2);
  });

  it('carries the descriptions and examples as JSDoc', () => {
    expect(text).toContain('@example "e2a6a466-3b62-4bb7-af53-b59aec592b49"');
    expect(text).toMatch(/\* Transaction ID\. ID of the deal/);
  });
});

describe('jsdoc', () => {
  it('wraps, indents and cannot be closed early by the text', () => {
    expect(jsdoc(['a */ b', 'second'], '  ')).toBe('  /**\n   * a *\\/ b\n   *\n   * second\n   */');
    const long = jsdoc(['word '.repeat(40)]);
    for (const line of long.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});
