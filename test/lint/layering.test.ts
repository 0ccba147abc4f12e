// The layering rules (.dependency-cruiser.cjs) are enforced by the real linter: a tree
// shaped like src/ with one deliberate wrong-way import fails it, the same tree without
// that import passes. The tree lives in a temp folder, so the repository is never touched.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

let work: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  work = await tempDir('layering-');
  await copyFile(join(ROOT, 'tsconfig.json'), join(work.dir, 'tsconfig.json'));
});
afterEach(() => work.cleanup());

async function source(path: string, text: string): Promise<void> {
  const full = join(work.dir, path);
  await mkdir(join(full, '..'), { recursive: true });
  await writeFile(full, text);
}

function lint(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [DEPCRUISE, 'src', '--config', join(ROOT, '.dependency-cruiser.cjs')], { cwd: work.dir }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe('the layering linter', () => {
  it('passes imports that run the right way', async () => {
    await source('src/core/rules.ts', 'export const rule = 1;\n');
    await source('src/ui/lines.ts', "import { rule } from '../core/rules.js';\nexport const line = String(rule);\n");
    await source('src/send/run.ts', "import { line } from '../ui/lines.js';\nimport { rule } from '../core/rules.js';\nexport const run = [line, rule];\n");
    const result = await lint();
    expect(result.output).toContain('no dependency violations');
    expect(result.code).toBe(0);
  });

  it("passes the inspector's page taking the API's types from inspector/wire.ts", async () => {
    await source('src/inspector/wire.ts', 'export interface Row {\n  id: number;\n}\n');
    await source('src/inspector/web/app.ts', "import type { Row } from '../wire.js';\nexport const app = (row: Row) => row.id;\n");
    const result = await lint();
    expect(result.output).toContain('no dependency violations');
    expect(result.code).toBe(0);
  });

  it.each([
    [
      'core importing the terminal',
      'src/core/rules.ts',
      "import { line } from '../ui/lines.js';\nexport const rule = line;\n",
      /core-is-pure: src\/core\/rules\.ts → src\/ui\/lines\.ts/,
    ],
    [
      'core reading files',
      'src/core/rules.ts',
      "import { readFileSync } from 'node:fs';\nexport const rule = readFileSync;\n",
      /core-does-no-io: src\/core\/rules\.ts → fs/,
    ],
    [
      'an engine rendering',
      'src/store/journal.ts',
      "import { line } from '../ui/lines.js';\nexport const journal = line;\n",
      /engines-never-render: src\/store\/journal\.ts → src\/ui\/lines\.ts/,
    ],
    [
      'a feature reaching into another',
      'src/listen/run.ts',
      "import { run as send } from '../send/run.js';\nexport const run = send;\n",
      /features-stay-apart: src\/listen\/run\.ts → src\/send\/run\.ts/,
    ],
    [
      "the inspector's page importing Node code",
      'src/inspector/web/app.ts',
      "import { line } from '../../ui/lines.js';\nexport const app = line;\n",
      /web-stays-in-the-browser: src\/inspector\/web\/app\.ts → src\/ui\/lines\.ts/,
    ],
    [
      'the page taking a value (not a type) from inspector/wire.ts',
      'src/inspector/web/app.ts',
      "import { LIMIT } from '../wire.js';\nexport const app = LIMIT;\n",
      /page-reads-only-wire-types: src\/inspector\/web\/app\.ts → src\/inspector\/wire\.ts/,
    ],
    [
      'inspector/wire.ts importing anything',
      'src/inspector/wire.ts',
      "import { line } from '../ui/lines.js';\nexport const LIMIT = line;\n",
      /wire-imports-nothing: src\/inspector\/wire\.ts → src\/ui\/lines\.ts/,
    ],
    [
      "Node code importing the inspector's page",
      'src/inspector/server.ts',
      "import { html } from './web/html.js';\nexport const server = html;\n",
      /nothing-imports-the-page: src\/inspector\/server\.ts → src\/inspector\/web\/html\.ts/,
    ],
  ])('fails on %s', async (_what, path, text, message) => {
    await source('src/ui/lines.ts', 'export const line = 1;\n');
    await source('src/send/run.ts', 'export const run = 1;\n');
    await source('src/inspector/web/html.ts', 'export const html = 1;\n');
    await source('src/inspector/wire.ts', 'export const LIMIT = 1;\n');
    await source(path, text);
    const result = await lint();
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(message);
  });
});
